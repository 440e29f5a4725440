package be.imio.platform.web.access;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The checks every one of the platform's HTTP contexts makes, in its {@code handleSecurity}, before
 * its own: so that a context registered by another of the platform's bundles (the console) keeps
 * the instance's bounds and headers exactly as the web bundle's own contexts do.
 */
@ProviderType
public interface ContextGate {

    /**
     * Sets the platform's security headers and admits the request within the instance's per-client
     * and request-body bounds; false when an answer (429, 503) has been sent instead. Each
     * {@code enter} that returns true is followed by one {@link #leave}, from {@code finishSecurity}.
     */
    boolean enter(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** Ends what {@link #enter} began for {@code request}. */
    void leave(HttpServletRequest request);

    /**
     * Ends what {@link #enter} began for {@code request}, and counts it in the instance's metrics
     * with the status of {@code response} and how long it took.
     *
     * @since 1.2
     */
    default void leave(HttpServletRequest request, HttpServletResponse response) {
        leave(request);
    }

    /**
     * The path inside the context that the container routes on, when the raw path is in normal
     * form; otherwise empty, and a 400 (or 403 for a service worker's script) has been sent.
     */
    Optional<String> routedPath(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** The client's address (its own, or the one a trusted proxy names), for logs. */
    String clientAddress(HttpServletRequest request);

    /** True when the client reached the instance over HTTPS, directly or through a trusted proxy. */
    boolean overHttps(HttpServletRequest request);

    /**
     * True when a request that changes something says it comes from a page of this host: its
     * {@code Origin} is this host, or, without one (or {@code null}), {@code Sec-Fetch-Site: same-origin}.
     */
    boolean fromThisSite(HttpServletRequest request);

    /**
     * For a log-in form's post: true when a person's browser sent it; else (a script's request, by
     * Fetch Metadata) a 403 {@code browser_script_refused} has been sent, before any password is read.
     */
    boolean admitLogIn(HttpServletRequest request, HttpServletResponse response) throws IOException;
}
