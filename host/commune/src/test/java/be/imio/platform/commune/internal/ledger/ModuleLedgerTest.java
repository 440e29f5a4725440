package be.imio.platform.commune.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;

/**
 * The host's journal of modules and operations on embedded Derby, its schema made by the host's
 * own scripts ({@code db/host/V*.sql}) in order: what is written is read back, an operation and
 * the module's new state are one unit, and a change made outside the database is journalled with
 * it or not at all.
 */
class ModuleLedgerTest {

    private static final ModuleId SWAP = new ModuleId("be.imio.solutions", "swap");
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;
    private HostSchema schema;
    private EmbeddedDataSource dataSource;
    private ModuleLedger ledger;

    @BeforeEach
    void schema() throws Exception {
        schema = new HostSchema(dir);
        dataSource = schema.dataSource;
        ledger = new ModuleLedger(dataSource);
    }

    @AfterEach
    void shutdown() {
        schema.close();
    }

    private static InstalledModule swap(String version, String previous, boolean enabled) {
        return new InstalledModule("swap", SWAP.groupId(), version, previous, enabled, null, null, T0);
    }

    @Test
    void anOperationIsJournalledBeforeItRunsThenEndsWithTheModulesNewStateInOneUnit() throws Exception {
        Operation planned = ledger.plan(SWAP, Operation.Action.ENABLE, null, "1.0.0", "admin", "127.0.0.1", T0);
        assertEquals(Operation.State.QUEUED, planned.state());
        assertEquals(List.of(planned.id()), ledger.unfinished().stream().map(Operation::id).toList());

        ledger.started(planned.id(), T0.plusSeconds(1), null);
        assertEquals(Operation.State.RUNNING, ledger.operation(planned.id()).orElseThrow().state());
        ledger.finish(planned.id(), Operation.State.SUCCEEDED, "", null, null, T0.plusSeconds(2), swap("1.0.0", null, true));

        Operation done = ledger.operation(planned.id()).orElseThrow();
        assertEquals(Operation.State.SUCCEEDED, done.state());
        assertEquals("1.0.0", done.toVersion());
        assertEquals(T0.plusSeconds(2), done.finishedAt());
        assertEquals(Optional.of(swap("1.0.0", null, true)), ledger.module("swap"));
        assertTrue(ledger.unfinished().isEmpty());
    }

    @Test
    void aPolicyChangeIsJournalledAsAPolicyNotAsAVersion() throws Exception {
        ledger.finish(ledger.plan(SWAP, Operation.Action.ENABLE, null, "1.0.0", "admin", "127.0.0.1", T0).id(),
                Operation.State.SUCCEEDED, "", null, null, T0, swap("1.0.0", null, true));
        Operation policy = ledger.plan(SWAP, Operation.Action.POLICY, "1.0.0", "automatic", "admin", "127.0.0.1", T0);

        Operation read = ledger.operation(policy.id()).orElseThrow();
        assertEquals(UpdatePolicy.AUTOMATIC, read.policy());
        assertNull(read.toVersion(), "TO_VERSION holds versions only");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT TO_VERSION, POLICY FROM HOST_OPERATION WHERE ID = " + policy.id())) {
            assertTrue(row.next());
            assertNull(row.getString(1));
            assertEquals("automatic", row.getString(2));
        }
        ledger.finish(policy.id(), Operation.State.SUCCEEDED, "", null, null, T0,
                ledger.module("swap").orElseThrow().withPolicy(UpdatePolicy.AUTOMATIC, T0));
        assertEquals(UpdatePolicy.AUTOMATIC, ledger.module("swap").orElseThrow().policy());
        assertTrue(ledger.failedReleases(SWAP, ledger.module("swap").orElseThrow()).isEmpty(),
                "a policy change is no release tried");
    }

    @Test
    void aModuleRowKeepsItsGroupAndANameIsHeldWhateverItsCase() throws Exception {
        ledger.finish(ledger.plan(SWAP, Operation.Action.ENABLE, null, "1.0.0", "admin", "127.0.0.1", T0).id(),
                Operation.State.SUCCEEDED, "", null, null, T0, swap("1.0.0", null, true));
        InstalledModule other = new InstalledModule("swap", "aa.evil", "9.0.0", null, true, null, null, T0);
        long id = ledger.plan(new ModuleId("aa.evil", "swap"), Operation.Action.ENABLE, null, "9.0.0", "x", "127.0.0.1", T0).id();

        assertThrows(SQLException.class, () -> ledger.finish(id, Operation.State.SUCCEEDED, "", null, null, T0, other));
        assertEquals(Operation.State.QUEUED, ledger.operation(id).orElseThrow().state(),
                "the operation did not end without its module's row");
        assertEquals(SWAP.groupId(), ledger.module("swap").orElseThrow().groupId());
        assertEquals(Optional.of("swap"), ledger.holder("SWAP").map(InstalledModule::name));
    }

    @Test
    void aChangeOutsideTheDatabaseIsJournalledWithItOrNotAtAll() throws Exception {
        List<String> applied = new ArrayList<>();
        Operation done = ledger.recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, "admin", "127.0.0.1",
                T0, "canal : testing / channel: testing", Message.of("reason.settings-changed-outside", "channel: testing"),
                new ModuleLedger.JournalledChange() {
                    @Override
                    public void apply() {
                        applied.add("channel=testing");
                    }

                    @Override
                    public void undo() {
                        applied.remove("channel=testing");
                    }
                });
        assertEquals(List.of("channel=testing"), applied);
        assertEquals(Operation.State.SUCCEEDED, ledger.operation(done.id()).orElseThrow().state());
        assertEquals("außerhalb der Konsole geändert: channel: testing",
                ledger.operation(done.id()).orElseThrow().reasonMessage().in(Texts.GERMAN));

        int before = ledger.operations(null, 100).size();
        assertThrows(IllegalStateException.class, () -> ledger.recordDone(Operation.HOST, Operation.Action.SETTINGS, null,
                null, "admin", "127.0.0.1", T0, "x", null, new ModuleLedger.JournalledChange() {
                    @Override
                    public void apply() throws Exception {
                        throw new java.io.IOException("disk full");
                    }

                    @Override
                    public void undo() {
                    }
                }));
        assertEquals(before, ledger.operations(null, 100).size(), "a change that failed leaves no row");
    }

    @Test
    void theReleasesThatFailedHereAreReadFromTheJournal() throws Exception {
        ledger.finish(ledger.plan(SWAP, Operation.Action.ENABLE, null, "1.0.0", "admin", "127.0.0.1", T0).id(),
                Operation.State.SUCCEEDED, "", null, null, T0, swap("1.0.0", null, true));
        long update = ledger.plan(SWAP, Operation.Action.UPDATE, "1.0.0", "2.0.0", "admin", "127.0.0.1", T0.plusSeconds(60)).id();
        ledger.started(update, T0.plusSeconds(61), "1.0.0");
        ledger.finish(update, Operation.State.ROLLED_BACK, "swap 2.0.0 n'a pas démarré / swap 2.0.0 did not start",
                Message.of("reason.did-not-work", SWAP, "2.0.0"), "Activator start error", T0.plusSeconds(62), null);

        List<FailedRelease> failed = ledger.failedReleases(SWAP, ledger.module("swap").orElseThrow());
        assertEquals(List.of("2.0.0"), failed.stream().map(FailedRelease::version).toList());
        assertEquals("Activator start error", ledger.operation(update).orElseThrow().detail());
        Message reason = ledger.operation(update).orElseThrow().reasonMessage();
        assertEquals("be.imio.solutions:swap 2.0.0 funktionierte nach der Installation nicht; vorheriger Zustand"
                + " wiederhergestellt", reason.in(Texts.GERMAN), "the reason is kept as a message, shown in German too");
        assertEquals(reason, failed.get(0).reasonMessage());
    }

    @Test
    void aReasonMessageTheJournalCannotReadIsNoMessage() throws Exception {
        long id = ledger.plan(SWAP, Operation.Action.ENABLE, null, "1.0.0", "admin", "127.0.0.1", T0).id();
        Message deep = Message.of("reason.revoked", SWAP, "1.0.0");
        for (int i = 0; i < 12; i++) {
            deep = Message.of("reason.when-its-turn-came", deep);
        }
        ledger.finish(id, Operation.State.FAILED, "trop long / too long", deep, null, T0, null);
        assertEquals(null, ledger.operation(id).orElseThrow().reasonMessage(), "deeper than a reason can be: not read");
        assertEquals("trop long / too long", ledger.operation(id).orElseThrow().reason(), "the words stay");
    }
}
