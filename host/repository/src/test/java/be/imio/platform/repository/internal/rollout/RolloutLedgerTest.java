package be.imio.platform.repository.internal.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

import be.imio.platform.repository.internal.TestDatabase;
import be.imio.platform.trust.Rollout;

class RolloutLedgerTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static RolloutRow draft(String version) {
        return new RolloutRow(0, "be.imio.platform", "courrier", version, List.of(new RolloutRow.Ring(List.of("namur"), 0, 60),
                new RolloutRow.Ring(List.of(), 100, 0)), 0, Rollout.State.RUNNING, AT, null, AT, 1, 10, null, List.of(), true,
                "admin", AT, AT);
    }

    @Test
    void aRolloutIsStartedOnceMovedAsItStandsAndEachStepAudited() throws Exception {
        EmbeddedDataSource database = TestDatabase.migrated();
        RolloutLedger ledger = new RolloutLedger(database);
        RolloutRow started = ledger.start(draft("1.2.0"), "admin", "192.0.2.7");
        assertEquals(Rollout.State.RUNNING, started.state());
        assertEquals(60, started.rings().get(0).soakMinutes());
        assertNull(ledger.start(draft("1.2.0"), "admin", "192.0.2.7"), "one running rollout per release");

        assertTrue(started.promotePending(), "a release in testing waits to be promoted");
        ledger.promoted(started.id());
        assertFalse(ledger.get(started.id()).promotePending());
        assertTrue(ledger.move(started.id(), Rollout.State.RUNNING, 0, Rollout.State.HALTED, 0, AT, AT, AT, "rollbacks",
                List.of("namur"), AT.plusSeconds(60), RolloutDesk.WATCH, "", "rollout-halt", "rollbacks on namur"));
        assertFalse(ledger.move(started.id(), Rollout.State.RUNNING, 0, Rollout.State.RUNNING, 1, AT, null, AT, null, List.of(),
                AT, "admin", "", "rollout-widen", ""), "a move from a state it is no longer in changes nothing");
        RolloutRow halted = ledger.get(started.id());
        assertEquals(List.of("namur"), halted.haltHosts());
        assertEquals("a-1 b-2", RolloutLedger.hostsWithin(List.of("a-1", "b-2", "c-33"), 8), "whole ids only");
        assertEquals("halted", ledger.published().get("be.imio.platform:courrier:1.2.0").state().id());

        assertEquals(AT, halted.ringReachedAt());
        assertTrue(ledger.move(started.id(), Rollout.State.HALTED, 0, Rollout.State.COMPLETED, 0, AT, AT, AT, null, List.of(),
                AT, "admin", "", "rollout-complete", ""));
        assertTrue(ledger.published().isEmpty(), "a complete rollout leaves the targets");
        assertTrue(ledger.start(draft("1.2.0"), "admin", "192.0.2.7") != null, "a new one may start once it is over");

        List<String> audit = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT ACTOR, ACTION, SUBJECT FROM REPOSITORY_AUDIT ORDER BY ID")) {
            while (rows.next()) {
                audit.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
            }
        }
        assertEquals(List.of("admin rollout-start be.imio.platform:courrier:1.2.0",
                "rollout-watch rollout-halt be.imio.platform:courrier:1.2.0",
                "admin rollout-complete be.imio.platform:courrier:1.2.0",
                "admin rollout-start be.imio.platform:courrier:1.2.0"), audit);
    }
}
