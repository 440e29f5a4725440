package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RequiredUpdateTest {

    private static final Instant BY = Instant.parse("2026-12-15T22:00:00Z");

    @Test
    void whatIsSignedReadsBackTheSame() throws Exception {
        RequiredUpdate required = new RequiredUpdate(BY, "Faille XSS corrigée", BY.plusSeconds(86_400 * 30));
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("groupId", "be.imio.solutions");
        custom.set("required", required.toJson());
        assertEquals(required, RequiredUpdate.of(custom));
        assertTrue(required.deferrable());
        assertFalse(new RequiredUpdate(BY, "urgent", BY).deferrable(), "a limit at the deadline allows no deferral");
        assertNull(RequiredUpdate.of(JsonNodeFactory.instance.objectNode()), "a release required by no one");
        assertNull(RequiredUpdate.of(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"required\":{\"reason\":\"x\",\"deferLimit\":\"2026-12-16T00:00:00Z\"}}",
        "{\"required\":{\"by\":\"demain\",\"reason\":\"x\",\"deferLimit\":\"2026-12-16T00:00:00Z\"}}",
        "{\"required\":{\"by\":\"2026-12-15T22:00:00Z\",\"reason\":\"\",\"deferLimit\":\"2026-12-16T00:00:00Z\"}}",
        "{\"required\":{\"by\":\"2026-12-15T22:00:00Z\",\"reason\":\"a\\u0000b\",\"deferLimit\":\"2026-12-16T00:00:00Z\"}}",
        "{\"required\":{\"by\":\"2026-12-15T22:00:00Z\",\"reason\":\"x\",\"deferLimit\":\"2026-12-14T00:00:00Z\"}}",
        "{\"required\":{\"by\":\"2026-12-15T22:00:00Z\",\"reason\":\"x\"}}",
        "{\"required\":{\"by\":1765836000,\"reason\":\"x\",\"deferLimit\":\"2026-12-16T00:00:00Z\"}}",
        "{\"required\":\"2026-12-15\"}",
    })
    void aRequirementThatDoesNotReadWholeIsRefused(String custom) throws Exception {
        assertThrows(MetadataException.class, () -> RequiredUpdate.of(JsonMapper.builder().build().readTree(custom)));
    }

    @Test
    void aDeferralMovesTheDateUpToTheLimitOnly() {
        RequiredUpdate required = new RequiredUpdate(BY, "faille", BY.plusSeconds(86_400 * 2));
        assertEquals(BY, required.due(null));
        assertEquals(BY.plusSeconds(3_600), required.due(BY.plusSeconds(3_600)));
        assertEquals(BY.plusSeconds(86_400 * 2), required.due(BY.plusSeconds(86_400 * 30)), "cut to the limit");
    }

    @Test
    void aReasonIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new RequiredUpdate(BY, "x".repeat(501), BY));
        assertEquals(500, new RequiredUpdate(BY, "x".repeat(500), BY).reason().length());
    }
}
