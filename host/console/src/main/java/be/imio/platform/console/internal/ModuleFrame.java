package be.imio.platform.console.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Html;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.web.Languages;
import be.imio.platform.api.web.PageFrame;
import be.imio.platform.console.api.ConsoleMenu;

/**
 * The console's frame around a module's page ({@link PageFrame}): for staff, the console's header,
 * navigation (the module's entry marked) and style, then the module's own pages in a navigation of
 * their own; for citizens, the instance's name, the language switch and the module's public pages.
 * The log-out form carries the session's token for modules' forms, never the console's token.
 */
record ModuleFrame(ConsoleHtml html, String instanceName, List<Navigation.Item> pages, List<ConsoleMenu.Entry> menu) {

    void write(HttpServletRequest request, HttpServletResponse response, PageFrame.Page page, Locale language)
            throws IOException {
        String module = request.getServletPath() == null ? "" : request.getServletPath().replaceFirst("^/", "");
        String moduleName = menu.stream().filter(e -> e.module().equals(module)).map(ConsoleMenu.Entry::text)
                .findFirst().orElse(module);
        StringBuilder out = new StringBuilder(8192).append(html.head(language, page.title(), false, null));
        if (page.open()) {
            out.append("<header class=\"top\"><p class=\"brand\">").append(Html.escape(instanceName.isBlank() ? "iMio"
                    : instanceName)).append("</p><p class=\"languages\">").append(Html.languageLinks(language))
                    .append("</p></header>");
        } else {
            Object token = request.getAttribute(WebContexts.FORM_TOKEN);
            String field = token instanceof String value ? "<input type=\"hidden\" name=\"" + WebContexts.CSRF_FIELD
                    + "\" value=\"" + Html.escape(value) + "\">" : "";
            out.append(ConsoleFrame.header(html, language, instanceName, request.getRemoteUser(), admin(request), field))
                    .append("<nav class=\"menu\" aria-label=\"").append(html.html(language, "frame.main-navigation"))
                    .append("\">").append(Navigation.html(pages, menu, null, module)).append("</nav>");
        }
        if (!page.links().isEmpty()) {
            out.append("<nav class=\"menu module-menu\" aria-label=\"").append(Html.escape(moduleName)).append("\"><ul>");
            for (PageFrame.Link link : page.links()) {
                out.append("<li><a href=\"").append(Html.escape(link.href())).append('"')
                        .append(link.current() ? " aria-current=\"page\"" : "").append('>')
                        .append(Html.escape(link.text())).append("</a></li>");
            }
            out.append("</ul></nav>");
        }
        out.append("<main id=\"main\" tabindex=\"-1\"><h1>").append(Html.escape(page.title())).append("</h1>")
                .append(page.main()).append("</main></body></html>\n");
        // A citizens' page may be cached as its module says (the same for everyone, per language);
        // a staff page never is.
        String cache = page.open() && response.containsHeader("Cache-Control") ? null : "no-store";
        response.setStatus(page.status());
        response.setContentType("text/html;charset=UTF-8");
        if (cache != null) {
            response.setHeader("Cache-Control", cache);
        }
        response.setHeader("Content-Language", language.getLanguage());
        response.getWriter().write(out.toString());
    }

    /** The language of a module's page: the one {@link Languages#of} gives the module too. */
    static Locale language(HttpServletRequest request) {
        return Languages.of(request);
    }

    private static boolean admin(HttpServletRequest request) {
        return request.getAttribute(WebContexts.ROLES) instanceof Set<?> roles && roles.contains(WebContexts.ADMIN);
    }
}
