package be.imio.platform.api.web;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's frame around a module's page: the same header, navigation, style sheet, language
 * switch and skip link as the console, in the language the reader chose there. The host hands it
 * to a module's servlet as the request attribute {@link #ATTRIBUTE}; modules do not call it
 * themselves: {@link Call#page} does, and writes a plain page of its own when no frame is there
 * (a module's unit test, a host without its console).
 *
 * <p>A staff page is framed with the console's navigation, the module's own {@linkplain
 * Route#listed sub-pages} under the module's entry, the account and its log-out. A citizens'
 * page ({@code /modules/<module>/public/...}) gets the public variant: the instance's name, the
 * module's public sub-pages and the language switch, no staff navigation, no account.
 *
 * @since 1.1
 */
@ProviderType
public interface PageFrame {

    /** Request attribute under which the host gives a module's servlet the frame of the moment. */
    String ATTRIBUTE = "be.imio.platform.frame";

    /** A link of the module's navigation: its address, its text, and whether it is the page shown. */
    record Link(String href, String text, boolean current) {

        public Link {
            Objects.requireNonNull(href, "href");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * One page to frame: the HTTP {@code status}, the {@code title} (text, not HTML: it heads the
     * page), the {@code documentTitle} (text: what the browser's tab and a screen reader announce
     * first, the title with the outcome of the form that led here, "Error: ..." or the
     * confirmation), the {@code main} content (HTML the module escaped), the module's
     * {@code links}, and whether it is a citizens' page ({@code open}).
     */
    record Page(int status, String title, String documentTitle, String main, List<Link> links, boolean open) {

        public Page {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(documentTitle, "documentTitle");
            Objects.requireNonNull(main, "main");
            links = List.copyOf(links);
        }
    }

    /**
     * Writes {@code page} as the whole answer to {@code request} (the request the module's servlet
     * was given): status, {@code text/html} in UTF-8, {@code Content-Language}, never cached.
     */
    void write(HttpServletRequest request, HttpServletResponse response, Page page) throws IOException;
}
