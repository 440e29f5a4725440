package be.imio.platform.commune.internal.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

/** What a module's servlet can read of a request's headers and write of a response's. */
class ModuleHeadersTest {

    private static final String PLATFORM_POLICY = "default-src 'self'; frame-ancestors 'none'";

    /** A request with these headers, as the container hands it (names as the client sent them). */
    private static HttpServletRequest request(String... headers) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ModuleHeadersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> {
                    if (called.getName().equals("getCookies")) {
                        List<String> cookie = given.get("Cookie");
                        return cookie == null ? null : java.util.Arrays.stream(cookie.get(0).split(";\\s*"))
                                .map(pair -> new javax.servlet.http.Cookie(pair.substring(0, pair.indexOf('=')),
                                        pair.substring(pair.indexOf('=') + 1))).toArray(javax.servlet.http.Cookie[]::new);
                    }
                    if (called.getName().equals("setAttribute")) {
                        attributes.put((String) args[0], args[1]);
                        return null;
                    }
                    if (called.getName().equals("getAttribute")) {
                        return attributes.get((String) args[0]);
                    }
                    if (called.getName().equals("getQueryString")) {
                        return null;
                    }
                    List<String> values = args == null || args.length == 0 || !(args[0] instanceof String name) ? null
                            : given.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                                    .map(Map.Entry::getValue).findFirst().orElse(null);
                    return switch (called.getName()) {
                        case "getHeader" -> values == null ? null : values.get(0);
                        case "getHeaders" -> Collections.enumeration(values == null ? List.of() : values);
                        case "getHeaderNames" -> Collections.enumeration(given.keySet());
                        case "getIntHeader" -> values == null ? -1 : 7;
                        case "getDateHeader" -> values == null ? -1L : 1000L;
                        default -> throw new UnsupportedOperationException(called.getName());
                    };
                });
    }

    /** A response that records its headers as Jetty keeps them, with the platform's already set. */
    private static final class Recorded {
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                ModuleHeadersTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, called, args) -> {
                    String name = args != null && args.length > 0 && args[0] instanceof String n
                            ? n.toLowerCase(Locale.ROOT) : null;
                    switch (called.getName()) {
                        case "setHeader", "setIntHeader", "setDateHeader" -> {
                            headers.remove(name);
                            if (args[1] != null) {
                                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(args[1]));
                            }
                        }
                        case "addHeader", "addIntHeader", "addDateHeader" ->
                            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(args[1]));
                        case "getHeaders" -> {
                            return new ArrayList<>(headers.getOrDefault(name, List.of()));
                        }
                        case "reset" -> headers.clear();
                        default -> {
                        }
                    }
                    return null;
                });

        Recorded() {
            headers.put("content-security-policy", new ArrayList<>(List.of(PLATFORM_POLICY)));
            headers.put("x-frame-options", new ArrayList<>(List.of("DENY")));
            headers.put("x-content-type-options", new ArrayList<>(List.of("nosniff")));
            headers.put("referrer-policy", new ArrayList<>(List.of("same-origin")));
        }

        void assertPlatformHeadersKept() {
            assertEquals(PLATFORM_POLICY, headers.get("content-security-policy").get(0), headers.toString());
            assertEquals(List.of("DENY"), headers.get("x-frame-options"));
            assertEquals(List.of("nosniff"), headers.get("x-content-type-options"));
            assertEquals(List.of("same-origin"), headers.get("referrer-policy"));
            assertFalse(headers.containsKey("cross-origin-opener-policy"), headers.toString());
        }
    }

    @Test
    void aModuleIsNeverHandedTheUsersPasswordNorAnotherCredential() {
        HttpServletRequest module = new ModuleRequest(request("Authorization", "Basic YWRtaW46c2VjcmV0",
                "Accept", "text/html", "proxy-authorization", "Basic cHJveHk6eA==", "X-CSRF-Token", "t0ken",
                "Cookie", "imio_session=s3cr3t", "X-Module", "kept"), "/snoop", "/");
        for (String name : List.of("Authorization", "authorization", "AUTHORIZATION", " Authorization",
                "Proxy-Authorization", "X-CSRF-Token", "x-csrf-token")) {
            assertNull(module.getHeader(name), name);
            assertFalse(module.getHeaders(name).hasMoreElements(), name);
            assertEquals(-1, module.getIntHeader(name), name);
            assertEquals(-1L, module.getDateHeader(name), name);
        }
        List<String> names = Collections.list(module.getHeaderNames());
        assertEquals(List.of("Accept", "X-Module"), names, "neither credentials nor a Cookie of only the platform's");
        assertEquals("kept", module.getHeader("X-Module"));
        assertEquals(7, module.getIntHeader("X-Module"));
        assertNull(module.newPushBuilder(), "no push, which would copy the headers");
    }

    @Test
    void aModuleCannotReplaceOrRemoveThePlatformsSecurityHeaders() {
        Recorded recorded = new Recorded();
        HttpServletResponse module = new ModuleResponse(recorded.response);
        module.setHeader("Content-Security-Policy", "default-src *");
        module.setHeader("content-security-policy", null);
        module.addHeader("Content-Security-Policy", "");
        module.setHeader("X-Frame-Options", "ALLOWALL");
        module.addHeader("x-frame-options", "SAMEORIGIN");
        module.setHeader("X-Content-Type-Options", null);
        module.setIntHeader("X-Content-Type-Options", 0);
        module.setDateHeader("Referrer-Policy", 0L);
        module.addHeader(" Referrer-Policy", "unsafe-url");
        module.addHeader("Cross-Origin-Opener-Policy", "unsafe-none");
        module.setHeader("Cache-Control", "private, max-age=5");
        module.addDateHeader("Last-Modified", 0L);

        recorded.assertPlatformHeadersKept();
        assertEquals(List.of(PLATFORM_POLICY, "default-src *"), recorded.headers.get("content-security-policy"),
                "a module's policy is one more the browser enforces, never in place of the platform's");
        assertEquals(List.of("private, max-age=5"), recorded.headers.get("cache-control"), "what describes its content passes");
        assertTrue(recorded.headers.containsKey("last-modified"));
    }

    @Test
    void headersThatGivePowerToTheModuleAreNeverSent() {
        Recorded recorded = new Recorded();
        HttpServletResponse module = new ModuleResponse(recorded.response);
        for (String name : List.of("Service-Worker-Allowed", "service-worker-allowed", " Service-Worker-Allowed ",
                "Clear-Site-Data", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "X-Accel-Redirect",
                "X-Sendfile", "Refresh", "Link", "Permissions-Policy", "Origin-Agent-Cluster", "Cross-Origin-Resource-Policy",
                "Cross-Origin-Embedder-Policy", "Strict-Transport-Security", "WWW-Authenticate", "X-Module")) {
            module.setHeader(name, "/");
            module.addHeader(name, "*");
            module.setIntHeader(name, 1);
            module.addDateHeader(name, 0L);
            assertFalse(recorded.headers.containsKey(name.strip().toLowerCase(java.util.Locale.ROOT)), name);
        }
        recorded.assertPlatformHeadersKept();
    }

    @Test
    void aResetSetsThePlatformsHeadersAgain() {
        Recorded recorded = new Recorded();
        HttpServletResponse module = new ModuleResponse(recorded.response);
        module.setHeader("Cache-Control", "no-store");
        module.reset();
        recorded.assertPlatformHeadersKept();
        assertEquals(List.of(PLATFORM_POLICY), recorded.headers.get("content-security-policy"));
        assertFalse(recorded.headers.containsKey("cache-control"), "what the module had set is gone, as reset says");
        assertTrue(ModuleResponse.isPlatformHeader("X-Frame-Options"));
    }

    @org.junit.jupiter.api.Test
    void aModuleGetsTheLanguageChosenInTheConsoleButNeverThePlatformsCookie() {
        HttpServletRequest sent = request("Cookie", "imio_session=secret; imio_lang=de; own=1");
        ModuleRequest module = new ModuleRequest(sent, "/courrier", "/");
        assertEquals(java.util.Locale.GERMAN, module.getAttribute(be.imio.platform.api.WebContexts.LANGUAGE));
        assertEquals(List.of("own"), java.util.Arrays.stream(module.getCookies()).map(javax.servlet.http.Cookie::getName).toList());
        assertEquals(java.util.Locale.GERMAN, be.imio.platform.api.web.Languages.of(module));
        for (String forged : new String[] {"imio_lang=xx", "imio_lang=de-BE", "imio_lang=", "own=1"}) {
            ModuleRequest other = new ModuleRequest(request("Cookie", forged), "/courrier", "/");
            assertEquals(null, other.getAttribute(be.imio.platform.api.WebContexts.LANGUAGE), forged);
        }
    }
}
