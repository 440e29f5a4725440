package be.imio.platform.console.api;

import java.io.IOException;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One page of the console, registered as an OSGi service: it answers {@code /console/<label>}
 * and every address below it. The console writes the frame (header, language links, account,
 * navigation) around what the page renders, and builds its navigation from the registered pages:
 * by {@link #category()}, then {@link #order()}. Texts are keys of the page bundle's
 * {@code OSGI-INF/l10n/console.properties} (French), {@code console_en.properties} and
 * {@code console_de.properties}, resolved in the reader's language by {@link ConsoleRequest#text}.
 *
 * <p>Before a page is called the console has checked the session; for a POST also that it comes
 * from a page of this host, with the session's anti-forgery token in its body, from an
 * administrator. A page that changes something checks {@link ConsoleRequest#admin()} again itself.
 * A page is shown only to accounts holding one of its {@link #roles()}, and listed in their
 * navigation only then.
 */
@ConsumerType
public interface ConsolePage {

    /** {@link #category()} of the pages of the instance's own work (the commune host's, iMio's releases). */
    String MAIN = "main";

    /**
     * The first segment of the page's address, {@code [a-z0-9-]*}: {@code catalogue} answers
     * {@code /console/catalogue} and {@code /console/catalogue/...}. The empty label is the
     * console's home page, {@code /console/}; without one, {@code /console/} leads to the first
     * page of the navigation.
     */
    String label();

    /** The key of the page's name in the navigation, in the page bundle's console texts. */
    String titleKey();

    /**
     * The navigation group the page belongs to ({@link #MAIN} for the role's own pages), or
     * {@code null} for a page reached by links only (an operation's progress, a confirmation).
     */
    String category();

    /** The page's place within its category, smallest first. */
    int order();

    /** The roles of the staff: administrators and viewers. */
    Set<String> STAFF = Set.of("admin", "viewer");

    /**
     * The roles whose accounts may open this page: {@link #STAFF} by default; a page for another
     * kind of account (a publisher's own releases at the repository) names its role.
     *
     * @since 1.1
     */
    default Set<String> roles() {
        return STAFF;
    }

    /** Answers a GET (or HEAD) of the page or of an address below it. */
    void get(ConsoleRequest request) throws IOException;

    /** Answers a POST, already checked as above; by default the page changes nothing: 405. */
    default void post(ConsoleRequest request) throws IOException {
        request.response().sendError(405);
    }
}
