package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class ModulesContextTest {

    /** A request under the {@code /modules} context; only what the check reads is answered. */
    private static HttpServletRequest request(String method, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(ModulesContextTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "/modules";
                    case "toString" -> method + " " + uri;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    private static boolean publicRead(String method, String uri) {
        return ModulesContext.isPublicRead(request(method, uri));
    }

    @Test
    void citizensMayReadAModulesPublicPages() {
        assertTrue(publicRead("GET", "/modules/courrier/public/a"));
        assertTrue(publicRead("HEAD", "/modules/courrier/public/a"));
        assertTrue(publicRead("GET", "/modules/courrier/public/css/site.css"));
    }

    @Test
    void onlyReadingIsPublic() {
        assertFalse(publicRead("POST", "/modules/courrier/public/a"));
        assertFalse(publicRead("PUT", "/modules/courrier/public/a"));
        assertFalse(publicRead("DELETE", "/modules/courrier/public/a"));
        assertFalse(publicRead("get", "/modules/courrier/public/a"));
    }

    @Test
    void everythingOutsidePublicNeedsAnAccount() {
        assertFalse(publicRead("GET", "/modules/courrier/private"));
        assertFalse(publicRead("GET", "/modules/courrier/private/a"));
        assertFalse(publicRead("GET", "/modules/courrier/publicity/a"));
        assertFalse(publicRead("GET", "/modules/courrier/admin/public/a"));
        assertFalse(publicRead("GET", "/modules/public"));
        assertFalse(publicRead("GET", "/modules//public/a"));
        assertFalse(publicRead("GET", "/modules/"));
        assertFalse(publicRead("GET", "/modules"));
    }

    @Test
    void pathTricksThatCouldLeavePublicAreRefused() {
        assertFalse(publicRead("GET", "/modules/courrier/public/../private/a"));
        assertFalse(publicRead("GET", "/modules/courrier/public/..%2fprivate"));
        assertFalse(publicRead("GET", "/modules/courrier/public/%2e%2e/private/a"));
        assertFalse(publicRead("GET", "/modules/courrier/public/%2E%2E/private/a"));
        assertFalse(publicRead("GET", "/modules/courrier/public;x=1/../private"));
        assertFalse(publicRead("GET", "/modules/courrier/public/a;jsessionid=1"));
        assertFalse(publicRead("GET", "/modules/courrier/private/..;/public/a"));
    }
}
