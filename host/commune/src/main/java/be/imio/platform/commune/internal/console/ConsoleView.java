package be.imio.platform.commune.internal.console;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Html;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * One request to a commune host's console page, as its pages see it: the console's
 * {@link ConsoleRequest} (who asks, in which language, the frame) with the host's own ways of
 * writing: its journalled "français / English" texts, ages, and its texts as escaped HTML.
 */
public final class ConsoleView {

    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    final ConsoleRequest console;
    final HttpServletRequest request;
    final HttpServletResponse response;
    final Locale language;
    final String user;
    final boolean admin;
    final String csrf;

    ConsoleView(ConsoleRequest console) {
        this.console = console;
        this.request = console.request();
        this.response = console.response();
        this.language = console.language();
        this.user = console.user();
        this.admin = console.admin();
        this.csrf = console.csrf();
    }

    boolean english() {
        return "en".equals(language.getLanguage());
    }

    /** The text of {@code key} in the reader's language, {@code {n}} filled with {@code arguments}. Not escaped. */
    String t(String key, Object... arguments) {
        return console.text(key, arguments);
    }

    /** {@link #t} escaped for HTML, its arguments too. */
    String h(String key, Object... arguments) {
        return console.html(key, arguments);
    }

    /**
     * A text given in French and English only (the host's journalled reasons, a module's menu
     * entry): the English for an English reader, the French otherwise. Not escaped.
     */
    String pick(String fr, String en) {
        return english() ? en : fr;
    }

    /** An operation's reason in the reader's language: German too when it was journalled as a message. */
    String reason(be.imio.platform.commune.api.Operation operation) {
        be.imio.platform.commune.api.Message words = operation.reasonWords();
        return words == null ? "" : words.in(language);
    }

    /** A journalled text in the reader's language: German too when it was kept as a message. */
    String pick(Bilingual text) {
        return text.message() != null ? text.message().in(language) : pick(text.fr(), text.en());
    }

    static String esc(String raw) {
        return raw == null ? "" : Html.escape(raw);
    }

    /** A moment in Brussels time, as Belgians write it in the reader's language: 01/12/2026 14:05, 01.12.2026 14:05 in German. */
    String dateTime(Instant instant) {
        return console.dateTime(instant);
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
    void seeOther(String location) throws IOException {
        console.seeOther(location);
    }

    String csrfField() {
        return console.csrfField();
    }

    /** Writes a whole page in the console's frame; {@code current} is the menu path it belongs to, {@code main} escaped HTML. */
    void page(int status, String title, String current, String main) throws IOException {
        console.page(status, title, current == null ? null : current.substring(1), main);
    }
}
