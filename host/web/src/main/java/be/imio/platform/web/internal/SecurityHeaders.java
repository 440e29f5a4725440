package be.imio.platform.web.internal;

import javax.servlet.http.HttpServletResponse;

/**
 * The browser security headers every answer carries, so that no page or API of the platform or of
 * a module can be framed, sniffed or made to load outside code: set by the handleSecurity of each
 * of the platform's contexts ({@link DefaultContext}, {@link ApiContext}...) and on refusals
 * sent before a context is chosen.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    /** Sets the headers on {@code response}. */
    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the platform's
        // own form posts, which the console's same-site check must then refuse.
        response.setHeader("Referrer-Policy", "same-origin");
    }
}
