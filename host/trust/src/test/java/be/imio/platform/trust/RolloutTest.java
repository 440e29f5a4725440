package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RolloutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Rollout rollout(Rollout.State state, int stage) {
        return new Rollout(7, state, stage, List.of(new Rollout.Ring(List.of("namur", "liege"), 0),
                new Rollout.Ring(List.of(), 25), new Rollout.Ring(List.of(), 100)));
    }

    @Test
    void theNamedHostsGoFirstThenAGrowingShareThenEveryone() {
        Rollout pilot = rollout(Rollout.State.RUNNING, 0);
        assertTrue(pilot.offers("namur"));
        assertFalse(pilot.offers("mons"), "not yet");
        assertFalse(pilot.offers(""), "a host the repository does not know waits for the end");
        int inShare = 0;
        for (int i = 0; i < 1000; i++) {
            String host = "host-" + i;
            boolean second = rollout(Rollout.State.RUNNING, 1).offers(host);
            inShare += second ? 1 : 0;
            assertTrue(rollout(Rollout.State.RUNNING, 2).offers(host), "everyone at the last ring");
            assertFalse(second && !rollout(Rollout.State.RUNNING, 2).offers(host), "no host leaves a ring");
        }
        assertTrue(inShare > 180 && inShare < 320, "about a quarter: " + inShare);
        assertEquals(Rollout.bucket(7, "mons"), Rollout.bucket(7, "mons"), "the same draw each time");
    }

    @Test
    void aHaltedOrAbortedRolloutOffersItToNoHostAndACompletedOneToAll() {
        assertFalse(rollout(Rollout.State.HALTED, 2).offers("namur"));
        assertFalse(rollout(Rollout.State.ABORTED, 2).offers("namur"));
        assertTrue(rollout(Rollout.State.COMPLETED, 0).offers("mons"));
    }

    @Test
    void itReadsBackAsItIsSignedAndAFieldThatDoesNotReadIsRefused() throws Exception {
        Rollout rollout = rollout(Rollout.State.RUNNING, 1);
        ObjectNode custom = JSON.createObjectNode();
        custom.set("rollout", rollout.toJson());
        assertEquals(rollout, Rollout.of(custom));
        assertNull(Rollout.of(JSON.createObjectNode()), "no field: no rollout");
        for (String bad : new String[] {"{\"rollout\":{\"id\":1,\"state\":\"paused\",\"stage\":0,\"rings\":[{\"percent\":5}]}}",
                "{\"rollout\":{\"id\":1,\"state\":\"running\",\"stage\":3,\"rings\":[{\"percent\":5}]}}",
                "{\"rollout\":{\"id\":1,\"state\":\"running\",\"stage\":0,\"rings\":[{\"percent\":500}]}}",
                "{\"rollout\":{\"id\":1,\"state\":\"running\",\"stage\":0,\"rings\":[]}}",
                "{\"rollout\":\"all\"}"}) {
            assertThrows(MetadataException.class, () -> Rollout.of(JSON.readTree(bad)), bad);
        }
    }
}
