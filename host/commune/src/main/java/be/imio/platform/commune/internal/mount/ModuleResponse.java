package be.imio.platform.commune.internal.mount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response as a module's servlet writes it: what describes its content passes, nothing that
 * would undo the platform's protection of the pages it shares an origin with.
 * <ul>
 * <li>Only the headers of {@link #MODULE_HEADERS} (content, caching, redirects, its own cookies
 * and policy) are sent. Any other is dropped, whatever its name: browsers give power to headers
 * ({@code Service-Worker-Allowed} lets a worker of the module's control the console's pages,
 * {@code Clear-Site-Data} logs staff out, {@code Access-Control-Allow-Origin} opens the module to
 * other sites) and reverse proxies too ({@code X-Accel-Redirect} makes nginx serve a file of the
 * server), and new ones keep coming; a list of what is forbidden would always be behind.</li>
 * <li>The platform's own cookies ({@code imio_*}, the console's session and language) are never
 * set: a module that could set {@code imio_session} would log staff into a session of its
 * choosing.</li>
 * <li>The security headers the platform set before the module ran ({@link #PLATFORM_HEADERS}:
 * framing, sniffing, referrer, opener) cannot be replaced, added to or removed, whether by
 * {@code setHeader}, {@code addHeader}, their int and date forms, or {@code reset()} (after which
 * the platform's are set again).</li>
 * <li>{@code Content-Security-Policy} is the exception: a module may send a policy of its own,
 * but only as a further header, never in place of the platform's. A browser enforces every
 * policy it receives, each on its own (CSP Level 3, "multiple policies"), so a module's policy can
 * only restrict its page further (no scripts at all, a sandbox), never loosen the platform's
 * {@code default-src 'self'}: {@code setHeader} of it adds.</li>
 * </ul>
 */
public final class ModuleResponse extends HttpServletResponseWrapper {

    private static final String PLATFORM_COOKIES = "imio_";
    static final String CONTENT_SECURITY_POLICY = "content-security-policy";
    /** Headers, lower case, that only the platform sets on module pages. */
    static final Set<String> PLATFORM_HEADERS = Set.of("x-frame-options", "x-content-type-options", "referrer-policy",
            "cross-origin-opener-policy", CONTENT_SECURITY_POLICY);

    /** Headers, lower case, a module may set on its answers (and {@code Set-Cookie} but the platform's). */
    static final Set<String> MODULE_HEADERS = Set.of("content-type", "content-length", "content-language",
            "content-disposition", "content-encoding", "content-range", "accept-ranges", "cache-control", "expires",
            "pragma", "etag", "last-modified", "location", "retry-after", "vary", "allow", "set-cookie",
            CONTENT_SECURITY_POLICY);

    /** The platform's security headers as they were when the module was handed the response. */
    private final Map<String, List<String>> platformHeaders = new LinkedHashMap<>();

    ModuleResponse(HttpServletResponse response) {
        super(response);
        for (String name : PLATFORM_HEADERS) {
            var values = response.getHeaders(name);
            if (values != null && !values.isEmpty()) {
                platformHeaders.put(name, new ArrayList<>(values));
            }
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (!platformCookie(cookie.getName())) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (isContentSecurityPolicy(name)) {
            addPolicy(value);
        } else if (!setsPlatformCookie(name, value) && isModuleHeader(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (isContentSecurityPolicy(name)) {
            addPolicy(value);
        } else if (!setsPlatformCookie(name, value) && isModuleHeader(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isModuleHeader(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isModuleHeader(name)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (isModuleHeader(name)) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (isModuleHeader(name)) {
            super.addDateHeader(name, date);
        }
    }

    /** Clears what the module wrote, headers included, and sets the platform's security headers again. */
    @Override
    public void reset() {
        super.reset();
        platformHeaders.forEach((name, values) -> values.forEach(value -> super.addHeader(name, value)));
    }

    /** A module's own policy, sent besides the platform's (an empty one would say nothing). */
    private void addPolicy(String value) {
        if (value != null && !value.isBlank()) {
            super.addHeader("Content-Security-Policy", value);
        }
    }

    /** True for a header a module may set: one of {@link #MODULE_HEADERS}, the platform's policy aside. */
    static boolean isModuleHeader(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return MODULE_HEADERS.contains(key) && !key.equals(CONTENT_SECURITY_POLICY);
    }

    static boolean isPlatformHeader(String name) {
        return name != null && PLATFORM_HEADERS.contains(name.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean isContentSecurityPolicy(String name) {
        return name != null && name.strip().equalsIgnoreCase(CONTENT_SECURITY_POLICY);
    }

    static boolean setsPlatformCookie(String name, String value) {
        return name != null && (name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("Set-Cookie2"))
                && value != null && platformCookie(value);
    }

    /** True for a cookie name, or a {@code name=value} pair, of the platform's own ({@code imio_*}). */
    static boolean platformCookie(String nameOrHeader) {
        return nameOrHeader != null && nameOrHeader.strip().toLowerCase(Locale.ROOT).startsWith(PLATFORM_COOKIES);
    }
}
