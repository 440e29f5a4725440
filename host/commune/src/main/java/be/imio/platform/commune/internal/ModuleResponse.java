package be.imio.platform.commune.internal;

import java.util.Locale;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response as a module's servlet writes it: everything passes but the platform's own cookies
 * ({@code imio_*}, the console's session and language). Modules share the console's origin; a
 * module that could set {@code imio_session} would log staff into a session of its choosing.
 */
final class ModuleResponse extends HttpServletResponseWrapper {

    private static final String PLATFORM_COOKIES = "imio_";

    ModuleResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (!platformCookie(cookie.getName())) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!setsPlatformCookie(name, value)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!setsPlatformCookie(name, value)) {
            super.addHeader(name, value);
        }
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
