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

    /** True when {@code request} may go on; else a 403 {@code browser_script_refused} has been sent. */
    static boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        String mode = request.getHeader("Sec-Fetch-Mode");
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (origin == null && (mode == null || mode.equals("navigate")) && (dest == null || dest.equals("document"))) {
            return true;
        }
        LOG.warn("Refused {} {} from {}: sent by a page's script (Origin {}, Sec-Fetch-Mode {}, Sec-Fetch-Dest {});"
                + " /api is for programs", request.getMethod(), request.getRequestURI(), ClientGate.address(request),
                origin, mode, dest);
        Problems.send(response, 403, "browser_script_refused",
                "/api sert aux programmes : une page web ne peut pas l'appeler ; utilisez la console",
                "/api is for programs: a web page cannot call it; use the console");
        return false;
    }
}
