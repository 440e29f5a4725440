package be.imio.platform.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import javax.servlet.http.HttpServletRequest;

import be.imio.platform.api.WebContexts;

/**
 * The console servlet's own check, after its context's, that a change comes from a page of this
 * host's console: kept in two places so that a mistake in either never lets a change through.
 */
final class ChangeCheck {

    private ChangeCheck() {
    }

    /**
     * True when a change comes from a page of this host's console: {@code Origin} is this host (or,
     * without one, {@code Sec-Fetch-Site: same-origin}), the address has no query, and the
     * session's anti-forgery token {@code csrf} came in the form's body (or the {@code X-CSRF-Token}
     * header), never in the address.
     */
    static boolean fromThisConsole(HttpServletRequest request, String csrf) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        boolean site = origin == null || origin.equals("null") ? "same-origin".equals(request.getHeader("Sec-Fetch-Site"))
                : host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
        if (!site || request.getQueryString() != null || csrf == null || csrf.isEmpty() || csrf.equals("null")) {
            return false;
        }
        String token = request.getHeader("X-CSRF-Token");
        if (token == null) {
            token = request.getParameter(WebContexts.CSRF_FIELD);
        }
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                csrf.getBytes(StandardCharsets.UTF_8));
    }
}
