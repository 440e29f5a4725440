package be.imio.platform.commune.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.FrameworkUtil;

import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * One request to the console, as its pages see it: who asks, in which language, and how to write
 * the answer in the console's frame (header, navigation with the modules' own entries, main).
 * Every text is given in French and English side by side, French first.
 */
public final class ConsoleView {

    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter GERMAN_DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    /** The console's own pages, in menu order: path, key of its name. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"/", "menu.dashboard"},
            new String[] {"/catalogue", "menu.catalogue"},
            new String[] {"/modules", "menu.modules"},
            new String[] {"/activity", "menu.activity"},
            new String[] {"/settings", "menu.settings"});

    final HttpServletRequest request;
    final HttpServletResponse response;
    final Locale language;
    final String user;
    final boolean admin;
    final String csrf;

    @SuppressWarnings("unchecked")
    ConsoleView(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
        Object asked = request.getAttribute(WebContexts.LANGUAGE);
        this.language = asked instanceof Locale locale ? locale : Texts.FRENCH;
        this.user = request.getRemoteUser();
        Object roles = request.getAttribute(WebContexts.ROLES);
        this.admin = roles instanceof Set<?> set && ((Set<String>) set).contains(WebContexts.ADMIN);
        this.csrf = String.valueOf(request.getAttribute(WebContexts.CSRF));
    }

    /** The console's texts, {@code OSGI-INF/l10n/console*.properties} of this bundle. */
    static final Texts TEXTS = Texts.of(FrameworkUtil.getBundle(ConsoleView.class), "console");

    boolean english() {
        return "en".equals(language.getLanguage());
    }

    /** The text of {@code key} in the reader's language, {@code {n}} filled with {@code arguments}. Not escaped. */
    String t(String key, Object... arguments) {
        return TEXTS.get(language, key, arguments);
    }

    /** {@link #t} escaped for HTML, its arguments too. */
    String h(String key, Object... arguments) {
        String html = esc(TEXTS.get(language, key));
        for (int i = 0; i < arguments.length; i++) {
            html = html.replace("{" + i + "}", esc(String.valueOf(arguments[i])));
        }
        return html;
    }

    /**
     * A text given in French and English only (the host's journalled reasons, a module's menu
     * entry): the English for an English reader, the French otherwise. Not escaped.
     */
    String pick(String fr, String en) {
        return english() ? en : fr;
    }

    String pick(Bilingual text) {
        return pick(text.fr(), text.en());
    }

    static String esc(String raw) {
        return raw == null ? "" : Html.escape(raw);
    }

    /**
     * A text in both languages, as the host writes its reasons ("français / English"): the
     * reader's part; a text made of several such pairs is shown whole.
     */
    String bilingual(String text) {
        if (text == null) {
            return "";
        }
        int slash = text.indexOf(" / ");
        if (slash < 0 || text.indexOf(" / ", slash + 3) >= 0) {
            // Not one "français / English" pair (a reason built from several): shown whole.
            return text;
        }
        return english() ? text.substring(slash + 3) : text.substring(0, slash);
    }

    /** A moment in Brussels time, as Belgians write it in the reader's language: 01/12/2026 14:05, 01.12.2026 14:05 in German. */
    String dateTime(Instant instant) {
        return instant == null ? "—" : (german() ? GERMAN_DATE_TIME : DATE_TIME).format(instant.atZone(BRUSSELS));
    }

    boolean german() {
        return "de".equals(language.getLanguage());
    }

    /** "il y a 5 min", "5 min ago", "vor 5 Min.". */
    String age(Instant instant, Instant now) {
        Duration age = Duration.between(instant, now);
        String amount = age.toMinutes() < 1 ? t("frame.less-than-a-minute")
                : age.toHours() < 1 ? t("frame.minutes", age.toMinutes())
                : age.toDays() < 1 ? t("frame.hours", age.toHours())
                : t("frame.days", age.toDays());
        return t("frame.ago", amount);
    }

    /** 303 See Other: after a form, the browser fetches {@code location} with a GET. */
    void seeOther(String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    String csrfField() {
        return "<input type=\"hidden\" name=\"" + WebContexts.CSRF_FIELD + "\" value=\"" + esc(csrf) + "\">";
    }

    /** Writes a whole page; {@code current} is the menu path it belongs to, {@code main} escaped HTML. */
    void page(int status, String title, String current, String main, String instanceName, List<ModuleMenu.Entry> menu)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String lang = language.getLanguage();
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" — ").append(h("frame.imio-console"))
                .append("</title><link rel=\"stylesheet\" href=\"/console/static/console.css\">")
                .append("<script src=\"/console/static/console.js\" defer></script></head><body>")
                .append("<a class=\"skip-link\" href=\"#main\">").append(h("frame.skip-to-content"))
                .append("</a><header class=\"top\"><p class=\"brand\">iMio</p><p class=\"instance\">")
                .append(esc(instanceName)).append("</p><div class=\"account\">")
                .append(esc(user)).append(" (").append(admin ? h("frame.administrator")
                        : h("frame.read-only"))
                .append(") <form id=\"logout-form\" method=\"post\" action=\"/console/logout\">").append(csrfField())
                .append("<button type=\"submit\">").append(h("frame.log-out")).append("</button></form></div>")
                .append("<p class=\"languages\">").append(Html.languageLinks(language))
                .append("</p></header><nav class=\"menu\" aria-label=\"")
                .append(h("frame.main-navigation")).append("\"><ul>");
        for (String[] page : PAGES) {
            html.append("<li><a href=\"/console").append(page[0]).append('"')
                    .append(page[0].equals(current) ? " aria-current=\"page\"" : "").append('>')
                    .append(h(page[1])).append("</a></li>");
        }
        boolean first = true;
        for (ModuleMenu.Entry entry : menu) {
            html.append("<li").append(first ? " class=\"modules\"" : "").append("><a data-module=\"")
                    .append(esc(entry.module())).append("\" href=\"/modules/").append(esc(entry.module())).append("/\">")
                    .append(esc(pick(entry.fr(), entry.en()))).append("</a></li>");
            first = false;
        }
        html.append("</ul></nav><main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>")
                .append(main).append("</main></body></html>\n");
        response.getWriter().write(html.toString());
    }
}
