package be.imio.platform.console.api;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One request to a console page, as the console settled it: who asks, with which roles, in which
 * language, and how to answer in the console's frame. Texts come from the page bundle's
 * {@code OSGI-INF/l10n/console*.properties}.
 */
@ProviderType
public interface ConsoleRequest {

    HttpServletRequest request();

    HttpServletResponse response();

    /** The address below the page's label: {@code /courrier} for {@code /console/catalogue/courrier}, {@code ""} for the page itself. */
    String path();

    /** The reader's language: French, English or German. */
    Locale language();

    /** The logged-in account's name. */
    String user();

    /** The account's roles in the instance's realm. */
    Set<String> roles();

    /** True for an account that may change things ({@code admin}). */
    boolean admin();

    /** The session's anti-forgery token, which every form that changes something carries back. */
    String csrf();

    /** A hidden form field carrying {@link #csrf()}, as HTML. */
    String csrfField();

    /** The text of {@code key} in the reader's language, {@code {n}} replaced by {@code arguments[n]}; not escaped. */
    String text(String key, Object... arguments);

    /** {@link #text} as HTML: the text and its arguments escaped. */
    String html(String key, Object... arguments);

    /** A moment in Brussels time, as Belgians write it in the reader's language: 01/12/2026 14:05, 01.12.2026 14:05 in German; "—" for null. */
    String dateTime(Instant instant);

    /**
     * Writes a whole page: {@code main} (HTML, escaped by the page) under the title {@code title}
     * (text), in the console's frame, with {@code current} (a page's label, or null) marked as the
     * current entry of the navigation.
     */
    void page(int status, String title, String current, String main) throws IOException;

    /** 303 See Other: after a form, the browser fetches {@code location} with a GET. */
    void seeOther(String location) throws IOException;
}
