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

import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;

/**
 * One request to the console, as its pages see it: who asks, in which language, and how to write
 * the answer in the console's frame (header, navigation with the modules' own entries, main).
 * Every text is given in French and English side by side, French first.
 */
final class ConsoleView {

    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    /** The console's own pages, in menu order: path, French, English. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"/", "Tableau de bord", "Dashboard"},
            new String[] {"/catalogue", "Catalogue", "Catalogue"},
            new String[] {"/modules", "Mes modules", "My modules"},
            new String[] {"/activity", "Activité", "Activity"},
            new String[] {"/settings", "Paramètres", "Settings"});

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

    boolean english() {
        return "en".equals(language.getLanguage());
    }

    /** The text for the reader: {@code fr} or {@code en}. Not escaped. */
    String t(String fr, String en) {
        return english() ? en : fr;
    }

    /** {@link #t} escaped for HTML. */
    String h(String fr, String en) {
        return esc(t(fr, en));
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

    String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant.atZone(BRUSSELS));
    }

    /** "il y a 5 min" / "5 min ago". */
    String age(Instant instant, Instant now) {
        Duration age = Duration.between(instant, now);
        String amount = age.toMinutes() < 1 ? t("moins d'une minute", "less than a minute")
                : age.toHours() < 1 ? age.toMinutes() + " min"
                : age.toDays() < 1 ? age.toHours() + " h"
                : age.toDays() + t(" jour(s)", " day(s)");
        return english() ? amount + " ago" : "il y a " + amount;
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
        String other = english() ? "fr" : "en";
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" — ").append(h("Console iMio", "iMio console"))
                .append("</title><link rel=\"stylesheet\" href=\"/console/static/console.css\">")
                .append("<script src=\"/console/static/console.js\" defer></script></head><body>")
                .append("<a class=\"skip-link\" href=\"#main\">").append(h("Aller au contenu", "Skip to content"))
                .append("</a><header class=\"top\"><p class=\"brand\">iMio</p><p class=\"instance\">")
                .append(esc(instanceName)).append("</p><div class=\"account\">")
                .append(esc(user)).append(" (").append(admin ? h("administrateur", "administrator")
                        : h("lecture seule", "read only"))
                .append(") <form id=\"logout-form\" method=\"post\" action=\"/console/logout\">").append(csrfField())
                .append("<button type=\"submit\">").append(h("Se déconnecter", "Log out")).append("</button></form></div>")
                .append("<p class=\"languages\"><a href=\"?lang=").append(other).append("\" hreflang=\"").append(other)
                .append("\" lang=\"").append(other).append("\">").append(english() ? "Français" : "English")
                .append("</a></p></header><nav class=\"menu\" aria-label=\"")
                .append(h("Navigation principale", "Main navigation")).append("\"><ul>");
        for (String[] page : PAGES) {
            html.append("<li><a href=\"/console").append(page[0]).append('"')
                    .append(page[0].equals(current) ? " aria-current=\"page\"" : "").append('>')
                    .append(esc(english() ? page[2] : page[1])).append("</a></li>");
        }
        boolean first = true;
        for (ModuleMenu.Entry entry : menu) {
            html.append("<li").append(first ? " class=\"modules\"" : "").append("><a data-module=\"")
                    .append(esc(entry.module())).append("\" href=\"/modules/").append(esc(entry.module())).append("/\">")
                    .append(esc(t(entry.fr(), entry.en()))).append("</a></li>");
            first = false;
        }
        html.append("</ul></nav><main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>")
                .append(main).append("</main></body></html>\n");
        response.getWriter().write(html.toString());
    }
}
