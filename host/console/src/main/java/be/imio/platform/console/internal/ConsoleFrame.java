package be.imio.platform.console.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import be.imio.platform.api.Html;
import be.imio.platform.console.api.ConsoleMenu;

/**
 * The frame of every console page after log-in: the instance's name, the account and its log-out,
 * the language links, the navigation of the pages registered now, then the page's title and main
 * content. One per request, in the reader's language.
 */
record ConsoleFrame(ConsoleHtml html, String instanceName, List<Navigation.Item> pages, List<ConsoleMenu.Entry> menu) {

    void write(PageRequest request, int status, String title, String current, String main) throws IOException {
        Locale language = request.language();
        ConsoleHtml.start(request.response(), status);
        String page = html.head(language, title, true, null)
                + header(html, language, instanceName, request.user(), request.admin(), request.csrfField(),
                        Html.languageLinks(language))
                + "<nav class=\"menu\" aria-label=\"" + html.html(language, "frame.main-navigation") + "\">"
                + Navigation.html(pages, menu, current) + "</nav>"
                + "<main id=\"main\" tabindex=\"-1\"><h1>" + Html.escape(title) + "</h1>" + main + "</main></body></html>\n";
        request.response().getWriter().write(page);
    }

    /**
     * The header of a staff page, the console's or a module's: the instance's name, the account,
     * its role and its log-out form (carrying {@code tokenField}, a hidden field), the language
     * links ({@code languageLinks}, HTML).
     */
    static String header(ConsoleHtml html, Locale language, String instanceName, String user, boolean admin,
            String tokenField, String languageLinks) {
        return "<header class=\"top\"><p class=\"brand\">iMio</p><p class=\"instance\">" + Html.escape(instanceName)
                + "</p><div class=\"account\">" + Html.escape(user) + " ("
                + html.html(language, admin ? "frame.administrator" : "frame.read-only")
                + ") <form id=\"logout-form\" method=\"post\" action=\"/console/logout\">" + tokenField
                + "<button type=\"submit\">" + html.html(language, "frame.log-out") + "</button></form></div>"
                + "<p class=\"languages\">" + languageLinks + "</p></header>";
    }
}
