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
import be.imio.platform.web.access.FormTokens;

/**
 * The console's frame around a module's page ({@link PageFrame}): for staff, the console's header,
 * navigation (the module's entry marked) and style, then the module's own pages in a navigation of
 * their own; for citizens, the instance's name, the language switch and the module's public pages.
 * The log-out form carries the session's log-out token, which does nothing else: never the
 * console's token, nor a module's.
 */
record ModuleFrame(ConsoleHtml html, String instanceName, List<Navigation.Item> pages, List<ConsoleMenu.Entry> menu) {

    void write(HttpServletRequest request, HttpServletResponse response, PageFrame.Page page, Locale language)
            throws IOException {
        String module = request.getServletPath() == null ? "" : request.getServletPath().replaceFirst("^/", "");
        String moduleName = menu.stream().filter(e -> e.module().equals(module)).map(ConsoleMenu.Entry::text)
                .findFirst().orElse(module);
        String site = page.open() ? (instanceName.isBlank() ? "iMio" : instanceName) : moduleName;
        StringBuilder out = new StringBuilder(8192).append(html.headTitled(language, page.documentTitle() + " — " + site,
                false, null));
        if (page.open()) {
            out.append("<header class=\"top\"><p class=\"brand\">").append(Html.escape(instanceName.isBlank() ? "iMio"
                    : instanceName)).append("</p><p class=\"languages\">").append(languageLinks(request, language))
                    .append("</p></header>");
        } else {
            Object token = request.getAttribute(FormTokens.LOG_OUT_ATTRIBUTE);
            String field = token instanceof String value ? "<input type=\"hidden\" name=\"" + WebContexts.CSRF_FIELD
                    + "\" value=\"" + Html.escape(value) + "\">" : "";
            out.append(ConsoleFrame.header(html, language, instanceName, request.getRemoteUser(), admin(request), field,
                    languageLinks(request, language)))
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

    /**
     * Links to this page in each other language: the same address and query, {@code lang}
     * replaced; for the answer to a form (a POST, whose address is no page), the page of this
     * module the form was on.
     */
    static String languageLinks(HttpServletRequest request, Locale current) {
        String base = request.getRequestURI();
        String query = request.getQueryString();
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            String referer = request.getHeader("Referer");
            String host = request.getHeader("Host");
            String from = referer == null || host == null ? null
                    : referer.startsWith("http://" + host + "/") ? referer.substring(("http://" + host).length())
                    : referer.startsWith("https://" + host + "/") ? referer.substring(("https://" + host).length()) : null;
            String module = request.getContextPath() + request.getServletPath() + "/";
            boolean ours = from != null && from.startsWith(module) && !from.contains("..") && from.chars().noneMatch(c -> c < 0x20);
            base = ours ? from.split("[?#]", 2)[0] : module;
            query = ours && from.contains("?") ? from.substring(from.indexOf('?') + 1).split("#", 2)[0] : null;
        }
        StringBuilder kept = new StringBuilder();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("lang=") && !pair.startsWith("done=")) {
                    kept.append(pair).append('&');
                }
            }
        }
        StringBuilder links = new StringBuilder();
        for (Locale language : be.imio.platform.api.Texts.LANGUAGES) {
            if (language.getLanguage().equals(current.getLanguage())) {
                continue;
            }
            String tag = language.getLanguage();
            links.append(links.length() == 0 ? "" : " ").append("<a href=\"").append(Html.escape(base + "?" + kept + "lang=" + tag))
                    .append("\" hreflang=\"").append(tag).append("\" lang=\"").append(tag).append("\">")
                    .append(be.imio.platform.api.Texts.nameOf(language)).append("</a>");
        }
        return links.toString();
    }

    /** The language of a module's page: the one {@link Languages#of} gives the module too. */
    static Locale language(HttpServletRequest request) {
        return Languages.of(request);
    }

    private static boolean admin(HttpServletRequest request) {
        return request.getAttribute(WebContexts.ROLES) instanceof Set<?> roles && roles.contains(WebContexts.ADMIN);
    }
}
