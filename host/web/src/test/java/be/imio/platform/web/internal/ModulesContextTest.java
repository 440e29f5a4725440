package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModulesContextTest {

    /** {@code uri} as a client sends it; the check sees the routed path only when it is in normal form. */
    private static boolean publicRead(String method, String uri) {
        String path = uri.substring("/modules".length());
        return RoutedPath.normal(uri) && ModulesContext.isPublicRead(method, path);
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
