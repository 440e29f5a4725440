package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code /api} for programs (curl, scripts, Maven, the fleet) and for people who open an
 * address of it in their browser's address bar, and refuses it to scripts running in a page.
 * <p>
 * Modules' pages share the host's origin, and a browser sends the HTTP Basic credentials it holds
 * for that origin with any request a page's script makes: without this, a module's script (or one
 * injected into a module's page) would act with the administrator's authority, and one that gets a
 * 401 would make the browser ask staff for their password on the module's behalf. Browsers say
 * what started a request (Fetch Metadata, {@code Sec-Fetch-Mode} and {@code Sec-Fetch-Dest}, W3C
 * Fetch Metadata Request Headers; and {@code Origin}, RFC 6454 section 7, on every script request
 * that may change something); programs send none of them. So a request is refused, before any
 * credential is read or asked for, when it carries {@code Origin}, or Fetch Metadata other than a
 * top-level navigation ({@code navigate}, {@code document}).
 */
final class ProgramsOnly {

    private static final Logger LOG = LoggerFactory.getLogger(ProgramsOnly.class);

    private ProgramsOnly() {
    }

    /**
     * What a page a person opens ({@code document}) and what a page shows ({@code image},
     * {@code style}, {@code script}, {@code font}, media, a manifest) ask for, by Fetch Metadata's
     * {@code Sec-Fetch-Dest}: answers no other page's script can read. Everything else (a
     * {@code fetch} or {@code XMLHttpRequest}, {@code empty}; a JSON module, {@code json}; XSLT;
     * frames, embedded objects, workers, web sockets, and destinations yet to come) is what a script
     * reads or drives.
     */
    private static final java.util.Set<String> PAGE_DESTINATIONS = java.util.Set.of("document", "image", "style",
            "script", "font", "audio", "video", "track", "manifest");

    /**
     * For a module's staff pages (not its public ones): true when {@code request} may go on, else a
     * 403 {@code browser_script_refused} has been sent. Every module's pages share the host's
     * origin, and the browser adds the staff member's session cookie, or the HTTP Basic credentials
     * it cached, to any request a page's script makes: without this, one module's script (or one
     * injected into its page) would read and change another module's data as that person. So
     * requests that Fetch Metadata says a script, a frame or a worker made are refused, and so is
     * HTTP Basic with an {@code Origin} (a script's change, from a browser without Fetch Metadata).
     * Staff opening and posting a module's pages, and programs, are let through.
     */
    static boolean admitToModule(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean script = byScript(request)
                || request.getHeader("Authorization") != null && request.getHeader("Origin") != null;
        return !script || refused(request, response, "problem.module-page-by-script");
    }

    /**
     * For the console's log-in: true when {@code request} may go on, else a 403
     * {@code browser_script_refused} has been sent, before any password is checked or counted.
     * A log-in is a form people post; a script posting it (from a module's page, same origin)
     * would make failed log-ins in staff's name and lock them out.
     */
    static boolean admitLogIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String dest = request.getHeader("Sec-Fetch-Dest");
        return dest == null || dest.equalsIgnoreCase("document") || refused(request, response, "problem.log-in-by-script");
    }

    /** What Fetch Metadata says a script, a frame or a worker sent: any destination but {@link #PAGE_DESTINATIONS}. */
    private static boolean byScript(HttpServletRequest request) {
        String dest = request.getHeader("Sec-Fetch-Dest");
        return dest != null && !PAGE_DESTINATIONS.contains(dest.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean refused(HttpServletRequest request, HttpServletResponse response, String key)
            throws IOException {
        LOG.warn("Refused {} {} from {}: sent by a page's script (Origin {}, Sec-Fetch-Dest {})", request.getMethod(),
                RoutedPath.printable(request.getRequestURI()), ClientGate.address(request), request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Dest"));
        Problems.send(request, response, 403, "browser_script_refused", key);
        return false;
    }

    /** True when {@code request} may go on; else a 403 {@code browser_script_refused} has been sent. */
    static boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        String mode = request.getHeader("Sec-Fetch-Mode");
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (origin == null && (mode == null || mode.equals("navigate")) && (dest == null || dest.equals("document"))) {
            return true;
        }
        LOG.warn("Refused {} {} from {}: sent by a page's script (Origin {}, Sec-Fetch-Mode {}, Sec-Fetch-Dest {});"
                + " /api is for programs", request.getMethod(), RoutedPath.printable(request.getRequestURI()),
                ClientGate.address(request),
                origin, mode, dest);
        Problems.send(request, response, 403, "browser_script_refused", "problem.api-by-script");
        return false;
    }
}
