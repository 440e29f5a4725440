package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchemaPrefixTest {

    @Test
    void dashesDotsAndUnderscoresAreOnePrefix() {
        assertEquals("COURRIER_MAIL", SchemaPrefix.of("courrier-mail"));
        assertEquals("COURRIER_MAIL", SchemaPrefix.of("Courrier_Mail"));
        assertEquals("COURRIER_MAIL", SchemaPrefix.of("courrier.mail"));
    }

    @Test
    void aPrefixOverlapsItselfAndEveryNameExtendingIt() {
        assertTrue(SchemaPrefix.overlap("courrier", "courrier-mail"));
        assertTrue(SchemaPrefix.overlap("courrier-mail", "courrier"));
        assertTrue(SchemaPrefix.overlap("courrier_mail", "courrier-mail"));
        assertTrue(SchemaPrefix.overlap("COURRIER", "courrier"));
        assertTrue(SchemaPrefix.overlap("courrier", "courrier-mail-archive"));
        assertTrue(SchemaPrefix.overlap("host", "host-operation"));
    }

    @Test
    void namesThatOnlyShareLettersDoNotOverlap() {
        assertFalse(SchemaPrefix.overlap("courrier", "courriers"));
        assertFalse(SchemaPrefix.overlap("courrier-mail", "courrier-mails"));
        assertFalse(SchemaPrefix.overlap("salles", "courrier"));
        assertFalse(SchemaPrefix.overlap("hosts", "host"));
    }

    @Test
    void aNameWhoseFirstSegmentIsThePlatformsIsReserved() {
        for (String name : new String[] {"host-operation", "HOST_OPERATION", "platform-schema-history",
            "platform.schema", "repository_release", "store-x", "console-x", "api.v2", "imio-courrier"}) {
            assertTrue(ReservedNames.isReserved(name), name);
        }
        for (String name : new String[] {"hosts", "hosting-x", "courrier-host", "platforms", "my-platform", "webinar"}) {
            assertFalse(ReservedNames.isReserved(name), name);
        }
    }
}
