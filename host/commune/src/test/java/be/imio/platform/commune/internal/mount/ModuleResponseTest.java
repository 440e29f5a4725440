package be.imio.platform.commune.internal.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModuleResponseTest {

    @Test
    void aModuleCannotSetThePlatformsCookies() {
        assertTrue(ModuleResponse.setsPlatformCookie("Set-Cookie", "imio_session=x; Path=/"));
        assertTrue(ModuleResponse.setsPlatformCookie("set-cookie", "  IMIO_SESSION=x"));
        assertTrue(ModuleResponse.setsPlatformCookie("Set-Cookie2", "imio_lang=en"));
        assertFalse(ModuleResponse.setsPlatformCookie("Set-Cookie", "courrier_view=list; Path=/modules/courrier/"));
        assertFalse(ModuleResponse.setsPlatformCookie("X-Note", "imio_session=x"));
    }

    @Test
    void aModuleIsNeverHandedThePlatformsCookies() {
        assertEquals("a=1; b=2", ModuleRequest.withoutPlatformCookies("imio_session=s3cr3t; a=1;IMIO_LANG=fr; b=2"));
        assertNull(ModuleRequest.withoutPlatformCookies("imio_session=s3cr3t"));
        assertEquals("courrier_view=list", ModuleRequest.withoutPlatformCookies(" courrier_view=list ;"));
    }
}
