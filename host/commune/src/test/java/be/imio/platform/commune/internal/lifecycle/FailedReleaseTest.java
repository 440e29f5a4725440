package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;

/** Which releases failed on this host, read from the journal of a module's operations. */
class FailedReleaseTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final List<Operation> journal = new ArrayList<>();

    /** Journals an operation that ended in {@code state}, one minute after the one before. */
    private FailedReleaseTest op(Operation.Action action, String to, Operation.State state) {
        long id = journal.size() + 1;
        Instant at = T0.plusSeconds(60 * id);
        journal.add(new Operation(id, "swap", "be.imio.solutions", action, null, to, state, "admin", "127.0.0.1", at, at,
                at, state == Operation.State.ROLLED_BACK ? "swap " + to + " n'a pas pu démarrer / could not start" : null,
                state == Operation.State.ROLLED_BACK ? "Activator start error" : null, null, null));
        return this;
    }

    /** The failed versions, given the module's row. */
    private List<String> failed(String version, boolean enabled) {
        List<Operation> newestFirst = new ArrayList<>(journal);
        Collections.reverse(newestFirst);
        InstalledModule module = new InstalledModule("swap", "be.imio.solutions", version, null, enabled, null, null, T0);
        return FailedReleases.of(newestFirst, module).stream().map(FailedRelease::version).toList();
    }

    @Test
    void aRolledBackReleaseFailedHereWithTheDateAndReasonOfItsLastFailure() {
        op(Operation.Action.ENABLE, "1.0.0", Operation.State.SUCCEEDED)
                .op(Operation.Action.UPDATE, "2.0.0", Operation.State.ROLLED_BACK)
                .op(Operation.Action.UPDATE, "2.0.0", Operation.State.ROLLED_BACK);
        List<Operation> newestFirst = new ArrayList<>(journal);
        Collections.reverse(newestFirst);
        List<FailedRelease> failed = FailedReleases.of(newestFirst,
                new InstalledModule("swap", "be.imio.solutions", "1.0.0", null, true, null, null, T0));

        assertEquals(1, failed.size(), "one entry per version: " + failed);
        assertEquals("2.0.0", failed.get(0).version());
        assertEquals(3, failed.get(0).operation(), "the last failure");
        assertEquals(T0.plusSeconds(180), failed.get(0).failedAt());
        assertEquals("Activator start error", failed.get(0).detail());
    }

    @Test
    void aReleaseInstalledWithSuccessSinceNoLongerCountsAsFailed() {
        op(Operation.Action.ENABLE, "1.0.0", Operation.State.SUCCEEDED)
                .op(Operation.Action.UPDATE, "2.0.0", Operation.State.ROLLED_BACK)
                .op(Operation.Action.UPDATE, "2.0.0", Operation.State.SUCCEEDED)
                .op(Operation.Action.ROLLBACK, "1.0.0", Operation.State.SUCCEEDED);
        assertEquals(List.of(), failed("1.0.0", true), "2.0.0 ran here after its failure");
    }

    @Test
    void theVersionTheModuleRunsNowIsNeverListedAsFailed() {
        op(Operation.Action.ENABLE, "1.0.0", Operation.State.SUCCEEDED)
                .op(Operation.Action.PIN, "2.0.0", Operation.State.ROLLED_BACK)
                .op(Operation.Action.PIN, "2.0.0", Operation.State.SUCCEEDED);
        assertEquals(List.of(), failed("2.0.0", true), "it runs 2.0.0, enabled");
        assertEquals(List.of("2.0.0"), failed("2.0.0", false), "a pin of a disabled module installs nothing");
    }

    @Test
    void rollbacksAndFailuresOfInstallingOperationsCountNotInterruptionsNorSkips() {
        op(Operation.Action.ENABLE, "1.0.0", Operation.State.SUCCEEDED)
                .op(Operation.Action.UPDATE, "2.0.0", Operation.State.INTERRUPTED)
                .op(Operation.Action.UPDATE, "3.0.0", Operation.State.FAILED)
                .op(Operation.Action.UPDATE, "4.0.0", Operation.State.SKIPPED)
                .op(Operation.Action.DISABLE, null, Operation.State.ROLLED_BACK)
                .op(Operation.Action.UPDATE, "5.0.0", Operation.State.ROLLED_BACK)
                .op(Operation.Action.ROLLBACK, "0.9.0", Operation.State.ROLLED_BACK);
        // 3.0.0 failed before anything changed (its files refused, say): tried again by a policy at
        // every sync otherwise, each time a failed operation in the activity.
        assertEquals(List.of("0.9.0", "5.0.0", "3.0.0"), failed("1.0.0", true), "newest failure first");
    }
}
