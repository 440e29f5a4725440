package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.FrameworkUtil;

import be.imio.platform.api.Texts;

/**
 * The console's pages shown before log-in or instead of a page (refusals): the same look as the
 * console, without its navigation. Texts in {@code OSGI-INF/l10n/console.properties}.
 */
final class ConsoleHtml {

    static final Texts TEXTS = Texts.of(FrameworkUtil.getBundle(ConsoleHtml.class), "console");

    private ConsoleHtml() {
    }

    static String text(Locale language, String key, Object... arguments) {
        return TEXTS.get(language, key, arguments);
    }

    /** Writes a whole page; {@code body} is HTML already escaped by the caller. */
    static void send(HttpServletResponse response, int status, Locale language, String title, String body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String lang = language.getLanguage();
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Text.html(title) + " — iMio</title>"
                + "<link rel=\"stylesheet\" href=\"/console/static/console.css\"></head><body class=\"plain\">"
                + "<a class=\"skip-link\" href=\"#main\">" + text(language, "skip") + "</a>"
                + "<header class=\"top\"><p class=\"brand\">iMio</p><p class=\"languages\">"
                + be.imio.platform.api.Html.languageLinks(language) + "</p></header>"
                + "<main id=\"main\" tabindex=\"-1\"><h1>" + Text.html(title) + "</h1>" + body + "</main></body></html>\n");
        response.flushBuffer();
    }

    /** 303 See Other: after a form, the browser fetches {@code location} with a GET. */
    static void seeOther(HttpServletResponse response, String location) throws IOException {
        response.setStatus(303);
        response.setHeader("Location", location);
        // Committed now: a security handler that returns false on an uncommitted answer gets it
        // replaced by the container's own 403 page.
        response.flushBuffer();
    }

    /** A refusal page: what happened, and the way back. */
    static void refuse(HttpServletResponse response, int status, Locale language, String messageKey)
            throws IOException {
        send(response, status, language, text(language, "refused.title"),
                "<p class=\"error\" role=\"alert\">" + Text.html(text(language, messageKey)) + "</p>"
                + "<p><a href=\"/console/\">" + Text.html(text(language, "back")) + "</a></p>");
    }
}
