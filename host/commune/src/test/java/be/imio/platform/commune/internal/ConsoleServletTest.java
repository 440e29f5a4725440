package be.imio.platform.commune.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/** The console page's own check, after its context's, that a change comes from the console. */
class ConsoleServletTest {

    private static final String TOKEN = "s3ssion-t0ken";

    private static HttpServletRequest post(String query, String field, String... headers) {
        Map<String, String> given = new HashMap<>();
        given.put("host", "127.0.0.1:8181");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getHeader" -> given.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getQueryString" -> query;
                    case "getParameter" -> "csrf".equals(args[0]) ? field : null;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    @Test
    void aChangeFromAPageOfTheConsoleWithItsTokenInTheBodyPasses() {
        assertTrue(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertTrue(ConsoleServlet.fromThisConsole(post(null, null, "Origin", "http://127.0.0.1:8181", "X-CSRF-Token",
                TOKEN), TOKEN));
        assertTrue(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Origin", "null", "Sec-Fetch-Site", "same-origin"),
                TOKEN));
        assertTrue(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Sec-Fetch-Site", "same-origin"), TOKEN));
    }

    @Test
    void anythingElseIsRefused() {
        assertFalse(ConsoleServlet.fromThisConsole(post(null, TOKEN), TOKEN), "no Origin, no Fetch Metadata");
        assertFalse(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Origin", "null"), TOKEN));
        assertFalse(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Origin", "https://evil.example"), TOKEN));
        assertFalse(ConsoleServlet.fromThisConsole(post(null, TOKEN, "Sec-Fetch-Site", "same-site"), TOKEN));
        assertFalse(ConsoleServlet.fromThisConsole(post("csrf=" + TOKEN, TOKEN, "Origin", "http://127.0.0.1:8181"),
                TOKEN), "the token in the address");
        assertFalse(ConsoleServlet.fromThisConsole(post(null, "forged", "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertFalse(ConsoleServlet.fromThisConsole(post(null, null, "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertFalse(ConsoleServlet.fromThisConsole(post(null, "null", "Origin", "http://127.0.0.1:8181"), "null"),
                "a request the context did not admit has no token to match");
    }
}
