package be.imio.platform.console.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.Texts;

/** Requests, answers and bundles as the console's tests need them, without a framework or a container. */
final class ConsoleFakes {

    private ConsoleFakes() {
    }

    /** A request: method, path inside the context, query (or null), attributes; then header and cookie pairs. */
    record Asked(String method, String pathInfo, String query, Map<String, Object> attributes, Map<String, String> headers,
            Map<String, String> cookies, Map<String, String> parameters) {

        static Asked of(String method, String pathInfo) {
            return new Asked(method, pathInfo, null, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        }

        Asked header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        Asked attribute(String name, Object value) {
            attributes.put(name, value);
            return this;
        }

        Asked parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Asked cookie(String name, String value) {
            cookies.put(name, value);
            return this;
        }

        Asked query(String asked) {
            return new Asked(method, pathInfo, asked, attributes, headers, cookies, parameters);
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(ConsoleFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> pathInfo;
                        case "getServletPath" -> attributes.get("servletPath");
                        case "getContextPath" -> attributes.get("contextPath");
                        case "getRequestURI" -> "/console" + pathInfo;
                        case "getQueryString" -> query;
                        case "getRemoteUser" -> attributes.get("user");
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getCookies" -> cookies.isEmpty() ? null : cookies.entrySet().stream()
                                .map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
                        default -> throw new UnsupportedOperationException(called.getName());
                    });
        }
    }

    /** What an answer was: its status, headers (each value sent) and body. */
    static final class Answer {
        int status = 200;
        final Map<String, List<String>> headers = new HashMap<>();
        final StringWriter body = new StringWriter();

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        HttpServletResponse response() {
            PrintWriter writer = new PrintWriter(body, true);
            return (HttpServletResponse) Proxy.newProxyInstance(ConsoleFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, called, args) -> {
                        switch (called.getName()) {
                            case "containsHeader" -> {
                                return headers.containsKey((String) args[0]);
                            }
                            case "setStatus" -> status = (Integer) args[0];
                            case "sendError" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                            case "addHeader" -> headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                            case "getWriter" -> {
                                return writer;
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            case "setContentType", "flushBuffer", "resetBuffer" -> { }
                            default -> throw new UnsupportedOperationException(called.getName());
                        }
                        return null;
                    });
        }
    }

    /** Texts read from the class path under {@code folder} ("" for this bundle's own), as a bundle would give them. */
    static Texts texts(String folder) {
        return Texts.of(bundle(folder), "console");
    }

    /** A bundle whose entries are the class path's under {@code folder}. */
    static Bundle bundle(String folder) {
        return (Bundle) Proxy.newProxyInstance(ConsoleFakes.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, called, args) -> called.getName().equals("getEntry")
                        ? ConsoleFakes.class.getClassLoader().getResource(folder + args[0]) : null);
    }

    /** A service reference registered by {@code bundle}. */
    @SuppressWarnings("unchecked")
    static <S> ServiceReference<S> registeredBy(Bundle bundle) {
        return (ServiceReference<S>) Proxy.newProxyInstance(ConsoleFakes.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** The instance the console runs in, as its header names it. */
    static PlatformInstance instance(String displayName) {
        return (PlatformInstance) Proxy.newProxyInstance(ConsoleFakes.class.getClassLoader(),
                new Class<?>[] {PlatformInstance.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "displayName" -> displayName;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }
}
