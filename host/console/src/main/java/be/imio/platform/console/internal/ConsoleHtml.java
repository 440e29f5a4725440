package be.imio.platform.console.internal;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;

/**
 * The console's pages shown before log-in or instead of a page (refusals): the same look as the
 * console, without its navigation; and the head every page of the console shares. Texts in this
 * bundle's {@code OSGI-INF/l10n/console*.properties}.
 */
final class ConsoleHtml {

    private final Texts texts;

    /** {@code texts}: this bundle's console texts. */
    ConsoleHtml(Texts texts) {
        this.texts = texts;
    }

    Texts texts() {
        return texts;
    }

    String text(Locale language, String key, Object... arguments) {
        return texts.get(language, key, arguments);
    }

    /** {@link #text} escaped for HTML. */
    String html(Locale language, String key, Object... arguments) {
        return Html.escape(text(language, key, arguments));
    }

    /**
     * The start of every console page, up to its {@code body} element: language, title, the
     * console's style sheet, and its script when {@code script}; then the skip link.
     */
    String head(Locale language, String title, boolean script, String bodyClass) {
        return headTitled(language, title + " — " + text(language, "frame.imio-console"), script, bodyClass);
    }

    /** {@link #head}, with {@code documentTitle} (text) as the whole of the document's title. */
    String headTitled(Locale language, String documentTitle, boolean script, String bodyClass) {
        return "<!DOCTYPE html>\n<html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(documentTitle) + "</title>"
                + "<link rel=\"stylesheet\" href=\"/console/static/console.css\">"
                + (script ? "<script src=\"/console/static/console.js\" defer></script>" : "")
                + "</head><body" + (bodyClass == null ? "" : " class=\"" + bodyClass + "\"") + ">"
                + "<a class=\"skip-link\" href=\"#main\">" + html(language, "skip") + "</a>";
    }

    /** Starts an answer of the console: HTML, never cached (pages carry the session's token). */
    static void start(HttpServletResponse response, int status) {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
    }

    /** Writes a whole page; {@code body} is HTML already escaped by the caller. */
    void send(HttpServletResponse response, int status, Locale language, String title, String body)
            throws IOException {
        start(response, status);
        response.getWriter().write(head(language, title, false, "plain")
                + "<header class=\"top\"><p class=\"brand\">iMio</p><p class=\"languages\">"
                + Html.languageLinks(language) + "</p></header>"
                + "<main id=\"main\" tabindex=\"-1\"><h1>" + Html.escape(title) + "</h1>" + body + "</main></body></html>\n");
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
    void refuse(HttpServletResponse response, int status, Locale language, String messageKey)
            throws IOException {
        send(response, status, language, text(language, "refused.title"),
                "<p class=\"error\" role=\"alert\">" + html(language, messageKey) + "</p>"
                + "<p><a href=\"/console/\">" + html(language, "back") + "</a></p>");
    }
}
