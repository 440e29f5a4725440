package be.imio.platform.commune.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request as a module's servlet sees it: mounted at {@code /<module>} in the modules context,
 * as if it were registered with the pattern {@code /<module>/*}, and without the platform's own
 * cookies ({@code imio_*}): the console's session cookie reaches the host for every path, but a
 * module is never handed it, so it cannot replay it against the console.
 */
final class ModuleRequest extends HttpServletRequestWrapper {

    private final String servletPath;
    private final String pathInfo;

    ModuleRequest(HttpServletRequest request, String servletPath, String pathInfo) {
        super(request);
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        Cookie[] all = super.getCookies();
        if (all == null) {
            return null;
        }
        Cookie[] kept = Arrays.stream(all).filter(c -> !ModuleResponse.platformCookie(c.getName()))
                .toArray(Cookie[]::new);
        return kept.length == 0 ? null : kept;
    }

    @Override
    public String getHeader(String name) {
        String value = super.getHeader(name);
        return isCookieHeader(name) && value != null ? withoutPlatformCookies(value) : value;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        Enumeration<String> values = super.getHeaders(name);
        if (!isCookieHeader(name) || values == null) {
            return values;
        }
        List<String> kept = new ArrayList<>();
        for (String value : Collections.list(values)) {
            String clean = withoutPlatformCookies(value);
            if (clean != null) {
                kept.add(clean);
            }
        }
        return Collections.enumeration(kept);
    }

    private static boolean isCookieHeader(String name) {
        return "Cookie".equalsIgnoreCase(name);
    }

    /** {@code header} (a Cookie header) without its {@code imio_*} pairs; null when none is left. */
    static String withoutPlatformCookies(String header) {
        String kept = Arrays.stream(header.split(";")).map(String::strip)
                .filter(pair -> !pair.isEmpty() && !ModuleResponse.platformCookie(pair)).collect(Collectors.joining("; "));
        return kept.isEmpty() ? null : kept;
    }
}
