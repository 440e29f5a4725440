package be.imio.platform.web.internal;

import javax.servlet.http.HttpServletRequest;

/**
 * Whether a request says it comes from a page of this host, by {@code Origin} (RFC 6454) or, when
 * a browser hides it, Fetch Metadata's {@code Sec-Fetch-Site}: the console's changes and the
 * modules' pages decide on it.
 */
final class SameSite {

    private SameSite() {
    }

    /**
     * True when the request's {@code Origin}, if the browser sent one, is this host: for the
     * modules' reads, where a browser's own navigation sends no {@code Origin} at all.
     */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || fromThisSite(request);
    }

    /**
     * True when a request that changes something says it comes from this host: its {@code Origin}
     * is this host, or, when there is no {@code Origin} or it is {@code null} (browsers that hide
     * it), Fetch Metadata says {@code Sec-Fetch-Site: same-origin}. Browsers send one or the other
     * with every form post and script request; a request with neither did not come from a page of
     * this host, and is refused even with a valid anti-forgery token.
     */
    static boolean fromThisSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
        }
        String host = request.getHeader("Host");
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }
}
