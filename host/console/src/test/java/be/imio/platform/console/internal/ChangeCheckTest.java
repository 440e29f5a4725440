package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/** The console page's own check, after its context's, that a change comes from the console. */
class ChangeCheckTest {

    private static final String TOKEN = "s3ssion-t0ken";

    private static HttpServletRequest post(String query, String field, String... headers) {
        Map<String, String> given = new HashMap<>();
        given.put("host", "127.0.0.1:8181");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(ChangeCheckTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getHeader" -> given.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getQueryString" -> query;
                    case "getParameter" -> "csrf".equals(args[0]) ? field : null;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    @Test
    void aChangeFromAPageOfTheConsoleWithItsTokenInTheBodyPasses() {
        assertTrue(ChangeCheck.fromThisConsole(post(null, TOKEN, "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertTrue(ChangeCheck.fromThisConsole(post(null, null, "Origin", "http://127.0.0.1:8181", "X-CSRF-Token",
                TOKEN), TOKEN));
        assertTrue(ChangeCheck.fromThisConsole(post(null, TOKEN, "Origin", "null", "Sec-Fetch-Site", "same-origin"),
                TOKEN));
        assertTrue(ChangeCheck.fromThisConsole(post(null, TOKEN, "Sec-Fetch-Site", "same-origin"), TOKEN));
    }

    @Test
    void anythingElseIsRefused() {
        assertFalse(ChangeCheck.fromThisConsole(post(null, TOKEN), TOKEN), "no Origin, no Fetch Metadata");
        assertFalse(ChangeCheck.fromThisConsole(post(null, TOKEN, "Origin", "null"), TOKEN));
        assertFalse(ChangeCheck.fromThisConsole(post(null, TOKEN, "Origin", "https://evil.example"), TOKEN));
        assertFalse(ChangeCheck.fromThisConsole(post(null, TOKEN, "Sec-Fetch-Site", "same-site"), TOKEN));
        assertFalse(ChangeCheck.fromThisConsole(post("csrf=" + TOKEN, TOKEN, "Origin", "http://127.0.0.1:8181"),
                TOKEN), "the token in the address");
        assertFalse(ChangeCheck.fromThisConsole(post(null, "forged", "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertFalse(ChangeCheck.fromThisConsole(post(null, null, "Origin", "http://127.0.0.1:8181"), TOKEN));
        assertFalse(ChangeCheck.fromThisConsole(post(null, "null", "Origin", "http://127.0.0.1:8181"), "null"),
                "a request the context did not admit has no token to match");
    }
}
