package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/** Whether a console change comes from a page of this host, by what browsers send with it. */
class SameSiteTest {

    private static final String HOST = "commune.example:8181";

    private static HttpServletRequest request(String... headers) {
        Map<String, String> given = new HashMap<>();
        given.put("host", HOST);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(SameSiteTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getHeader" -> given.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    @Test
    void aChangeWithNeitherOriginNorSameOriginFetchMetadataIsNotFromThisSite() {
        String[][] refused = {{}, {"Origin", "null"}, {"Origin", "null", "Sec-Fetch-Site", "same-site"},
            {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "none"}, {"Sec-Fetch-Site", "Same-Origin "},
            {"Origin", "https://evil.example"}, {"Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin"},
            {"Origin", "http://commune.example:8181.evil.example"}, {"Origin", "http://commune.example"},
            {"Referer", "http://" + HOST + "/console/"}};
        for (String[] headers : refused) {
            assertFalse(SameSite.fromThisSite(request(headers)), String.join(" ", headers));
        }
    }

    @Test
    void aChangeFromAPageOfThisHostIsAccepted() {
        String[][] accepted = {{"Origin", "http://" + HOST}, {"Origin", "https://" + HOST},
            {"Origin", "HTTP://COMMUNE.EXAMPLE:8181"}, {"Sec-Fetch-Site", "same-origin"},
            {"Origin", "null", "Sec-Fetch-Site", "same-origin"}};
        for (String[] headers : accepted) {
            assertTrue(SameSite.fromThisSite(request(headers)), String.join(" ", headers));
        }
    }

    @Test
    void aModulesReadNeedsNoOriginButRefusesAForeignOne() {
        assertTrue(SameSite.sameOrigin(request()), "a browser's navigation sends no Origin");
        assertTrue(SameSite.sameOrigin(request("Origin", "http://" + HOST)));
        assertFalse(SameSite.sameOrigin(request("Origin", "https://evil.example")));
    }
}
