package be.imio.platform.commune.internal.mount;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import be.imio.platform.api.WebContexts;

/**
 * A request as a module's servlet sees it: mounted at {@code /<module>} in the modules context,
 * as if it were registered with the pattern {@code /<module>/*}, and without the credentials the
 * platform consumed:
 * <ul>
 * <li>the platform's own cookies ({@code imio_*}): the console's session cookie reaches the host
 * for every path, but a module is never handed it, so it cannot replay it against the console;</li>
 * <li>the {@link #CREDENTIAL_HEADERS}: {@code Authorization} carries the user's password in clear
 * under HTTP Basic, which the platform checked already (the module learns who it is from
 * {@code getRemoteUser} and its roles); the others are credentials of a proxy or of the console.</li>
 * </ul>
 * Every way the servlet API reaches a header is covered: {@code getHeader}, {@code getHeaders},
 * {@code getHeaderNames}, {@code getIntHeader}, {@code getDateHeader}; no server push is offered,
 * since a push request would copy the headers.
 */
public final class ModuleRequest extends HttpServletRequestWrapper {

    /** Headers that carry a credential, lower case: a module never sees them. */
    static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-csrf-token");

    private final String servletPath;
    private final String pathInfo;

    ModuleRequest(HttpServletRequest request, String servletPath, String pathInfo) {
        super(request);
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        chosenLanguage(request).ifPresent(tag -> request.setAttribute(WebContexts.LANGUAGE,
                be.imio.platform.api.Texts.language(tag, null)));
    }

    /**
     * The language the reader chose in the console (cookie {@value WebContexts#LANGUAGE_COOKIE}),
     * when it is one the platform offers: the module gets the choice, not the cookie.
     */
    static java.util.Optional<String> chosenLanguage(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        return all == null ? java.util.Optional.empty() : Arrays.stream(all)
                .filter(c -> WebContexts.LANGUAGE_COOKIE.equals(c.getName())).map(Cookie::getValue)
                .filter(tag -> be.imio.platform.api.Texts.LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(tag)))
                .findFirst();
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
        if (isCredential(name)) {
            return null;
        }
        String value = super.getHeader(name);
        return isCookieHeader(name) && value != null ? withoutPlatformCookies(value) : value;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (isCredential(name)) {
            return Collections.emptyEnumeration();
        }
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

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String name : Collections.list(names)) {
            // A Cookie header of only the platform's cookies is gone too, as getHeader says.
            if (!isCredential(name) && !(isCookieHeader(name) && getHeader(name) == null)) {
                kept.add(name);
            }
        }
        return Collections.enumeration(kept);
    }

    @Override
    public int getIntHeader(String name) {
        return isCredential(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return isCredential(name) ? -1 : super.getDateHeader(name);
    }

    /** No server push: a pushed request would be built from this request's headers. */
    @Override
    public javax.servlet.http.PushBuilder newPushBuilder() {
        return null;
    }

    static boolean isCredential(String name) {
        return name != null && CREDENTIAL_HEADERS.contains(name.strip().toLowerCase(Locale.ROOT));
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
