package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class RoutedPathTest {

    /** A request as Jetty hands it over: the raw URI, and the context, servlet path and path info it routed on. */
    private static HttpServletRequest request(String raw, String context, String servletPath, String pathInfo) {
        return (HttpServletRequest) Proxy.newProxyInstance(RoutedPathTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getRequestURI" -> raw;
                    case "getContextPath" -> context;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "toString" -> raw;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    @Test
    void pathsInNormalFormAreRoutedAsTheyRead() {
        assertEquals(Optional.of("/settings"), RoutedPath.of(request("/console/settings", "/console", "", "/settings")));
        assertEquals(Optional.of("/static/console.css"),
                RoutedPath.of(request("/console/static/console.css", "/console", "/static", "/console.css")));
        assertEquals(Optional.of("/"), RoutedPath.of(request("/console/", "/console", "", "/")));
        assertEquals(Optional.of("/"), RoutedPath.of(request("/console", "/console", "", "/")));
        assertEquals(Optional.of("/host/modules/courrier"),
                RoutedPath.of(request("/api/host/modules/courrier", "/api", "/host", "/modules/courrier")));
        assertEquals(Optional.of("/courrier/public/réunion"),
                RoutedPath.of(request("/modules/courrier/public/r%C3%A9union", "/modules", "/courrier", "/public/réunion")));
        assertEquals(Optional.of("/courrier/public/a b"),
                RoutedPath.of(request("/modules/courrier/public/a%20b", "/modules", "/courrier", "/public/a b")));
    }

    @Test
    void aQueryStringMustReadAsParameters() {
        for (String query : List.of("x=%ff", "from=%", "q=%2", "q=%zz", "a=1&b=%c0%ae", "q=%e2%82", "version=%FF%FE")) {
            assertFalse(RoutedPath.readableQuery(query), query);
        }
        for (String query : List.of("q=Li%C3%A8ge", "a=1&b=2", "q=a+b", "q=%25", "q=", "lang=de", "q=%E2%82%AC")) {
            assertTrue(RoutedPath.readableQuery(query), query);
        }
        assertTrue(RoutedPath.readableQuery(null), "no query at all");
    }

    @Test
    void everyDetourIsRefused() {
        for (String raw : List.of("/console/static/../settings", "/console/static/%2e%2e/settings",
                "/console/static/%2E%2E/settings", "/console/static/.%2e/settings", "/console/static/%2e./settings",
                "/console/static/..%2fsettings", "/console/static/%2e%2e%2fsettings", "/console/static/..;/settings",
                "/console/static;x=1/../settings", "/console/static/..\\settings", "/console/static/%5c../settings",
                "/console/./settings", "/console//settings", "/console/static/%252e%252e/settings",
                "/console/settings%00", "/console/static/%2F..%2Fsettings", "/console/static/..", "/console/.",
                "console/settings", "", "/console/static/%zz", "/console/static/%2", "/console/settings;jsessionid=1",
                "/console/settings\n", "/console/%c0%ae%c0%ae/settings")) {
            assertFalse(RoutedPath.normal(raw) && RoutedPath.of(request(raw, "/console", "", "/settings")).isPresent(),
                    raw);
        }
    }

    @Test
    void aRawPathThatDoesNotDecodeToTheRoutedOneIsRefused() {
        // Whatever the container did, a decision is never taken on a path other than the one it routed on.
        assertTrue(RoutedPath.of(request("/console/static/x", "/console", "", "/settings")).isEmpty());
        assertTrue(RoutedPath.of(request("/modules/a/public/x", "/modules", "/b", "/public/x")).isEmpty());
        // Overlong or broken UTF-8 never decodes to a path.
        assertTrue(RoutedPath.of(request("/console/%c0%ae", "/console", "", "/.")).isEmpty());
    }
}
