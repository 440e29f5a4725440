package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.settings.HostConfig;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * A queued operation is planned again when its turn comes, against the module's state then: one
 * that no longer makes sense is skipped (or fails, when its release can no longer be had) before
 * Karaf is asked anything, with a reason in French and English; the host's policies never choose
 * a release that failed here, while a person may.
 */
class OperationWhenItRunsTest {

    private static final ModuleId SWAP = new ModuleId("be.imio.solutions", "swap");
    private static final ModuleId OTHER = new ModuleId("aa.other", "swap");
    private static final Instant AT = Instant.parse("2026-11-30T14:04:00Z");

    private final Map<String, Target> targets = new LinkedHashMap<>();

    private OperationWhenItRunsTest release(ModuleId module, String version, boolean revoked) {
        String path = module.groupId().replace('.', '/') + "/" + module.name() + "/" + version + "/" + module.name() + "-"
                + version + "-features.xml";
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        targets.put(path, new Target(path, bytes.length, Digests.sha256Hex(bytes), JsonNodeFactory.instance.objectNode()
                .put("groupId", module.groupId()).put("artifactId", module.name()).put("version", version)
                .put("channel", "stable").put("revoked", revoked).put("revokedReason", revoked ? "faille" : null)));
        return this;
    }

    private OperationWhenItRunsTest release(String... versions) {
        for (String version : versions) {
            release(SWAP, version, false);
        }
        return this;
    }

    private OperationPlanner planner() {
        HostSettings settings = new HostSettings();
        settings.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getDefaultValue()));
        Catalogue catalogue = new Catalogue(targets);
        return new OperationPlanner(() -> catalogue, settings, new Version(1, 2, 0));
    }

    private static Optional<InstalledModule> module(String version, String previous, boolean enabled) {
        return Optional.of(new InstalledModule("swap", SWAP.groupId(), version, previous, enabled, null, null, AT));
    }

    private static Operation asked(Operation.Action action, String to, String by) {
        return new Operation(7, "swap", SWAP.groupId(), action, "1.0.0", to, Operation.State.QUEUED, by, "127.0.0.1", AT,
                null, null, null, null, null, null);
    }

    private static Operation asked(Operation.Action action, String to) {
        return asked(action, to, "admin");
    }

    private static FailedRelease failed(String version) {
        return new FailedRelease(version, AT, 5, "swap " + version + " n'a pas pu démarrer / could not start", "boom", null);
    }

    /** Asserts the verdict's state and that its reason is one French / English pair with {@code fr} and {@code en} in it. */
    private static void assertVerdict(Operation.State state, String fr, String en, Optional<OperationPlanner.Verdict> verdict) {
        assertTrue(verdict.isPresent(), "a verdict, not 'carry it out'");
        assertEquals(state, verdict.get().state(), verdict.get().reason().stored());
        Bilingual reason = Bilingual.parse(verdict.get().reason().stored()).orElseThrow(
                () -> new AssertionError("not one 'français / English' pair: " + verdict.get().reason().stored()));
        assertTrue(reason.fr().contains(fr), "French: " + reason.fr());
        assertTrue(reason.en().contains(en), "English: " + reason.en());
    }

    @Test
    void aDisableOfAModuleDisabledSinceIsSkipped() {
        release("1.0.0");
        assertVerdict(Operation.State.SKIPPED, "au moment de l'exécution, le module be.imio.solutions:swap n'est pas activé",
                "when its turn came, module be.imio.solutions:swap is not enabled",
                planner().whenItRuns(asked(Operation.Action.DISABLE, null), module("1.0.0", null, false), List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void anUpdateQueuedBehindADisableIsSkippedAndDoesNotEnableTheModuleAgain() {
        release("1.0.0", "2.0.0");
        assertVerdict(Operation.State.SKIPPED, "n'est pas activé", "is not enabled",
                planner().whenItRuns(asked(Operation.Action.UPDATE, "2.0.0"), module("1.0.0", null, false), List.of(),
                        UpdatePolicy.MANUAL));
    }

    @Test
    void anEnableOfAModuleEnabledSinceIsSkipped() {
        release("1.0.0", "2.0.0");
        OperationPlanner planner = planner();
        assertVerdict(Operation.State.SKIPPED, "est déjà activé", "is already enabled",
                planner.whenItRuns(asked(Operation.Action.ENABLE, "1.0.0"), module("1.0.0", null, true), List.of(), UpdatePolicy.MANUAL));
        assertVerdict(Operation.State.SKIPPED, "est déjà activé", "is already enabled",
                planner.whenItRuns(asked(Operation.Action.ENABLE, "2.0.0"), module("1.0.0", null, true), List.of(), UpdatePolicy.MANUAL));
        assertEquals(Optional.empty(), planner.whenItRuns(asked(Operation.Action.ENABLE, "2.0.0"),
                module("1.0.0", null, false), List.of(), UpdatePolicy.MANUAL), "a disabled module is enabled as asked");
    }

    @Test
    void anUpdateToTheVersionItRunsSinceIsSkipped() {
        release("1.0.0", "2.0.0");
        OperationPlanner planner = planner();
        assertVerdict(Operation.State.SKIPPED, "tourne déjà en version 2.0.0", "already runs version 2.0.0",
                planner.whenItRuns(asked(Operation.Action.UPDATE, "2.0.0"), module("2.0.0", "1.0.0", true), List.of(),
                        UpdatePolicy.MANUAL));
        assertEquals(Optional.empty(), planner.whenItRuns(asked(Operation.Action.UPDATE, "2.0.0"),
                module("1.0.0", null, true), List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void anUnpinOfAModuleUnpinnedSinceIsSkipped() {
        release("1.0.0");
        assertVerdict(Operation.State.SKIPPED, "n'est pas épinglé", "is not pinned",
                planner().whenItRuns(asked(Operation.Action.UNPIN, null), module("1.0.0", null, true), List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void aRollbackWhosePreviousVersionChangedSinceIsSkipped() {
        release("1.0.0", "2.0.0", "3.0.0");
        OperationPlanner planner = planner();
        assertVerdict(Operation.State.SKIPPED, "n'était plus 1.0.0 mais 2.0.0", "was no longer 1.0.0 but 2.0.0",
                planner.whenItRuns(asked(Operation.Action.ROLLBACK, "1.0.0"), module("3.0.0", "2.0.0", true), List.of(),
                        UpdatePolicy.MANUAL));
        assertEquals(Optional.empty(), planner.whenItRuns(asked(Operation.Action.ROLLBACK, "2.0.0"),
                module("3.0.0", "2.0.0", true), List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void aRollbackAskedBehindOthersGoesToTheVersionBeforeWhenItsTurnComesIfThereIsOne() {
        release("1.0.0", "2.0.0");
        OperationPlanner planner = planner();
        assertEquals(Optional.empty(), planner.whenItRuns(asked(Operation.Action.ROLLBACK, null),
                module("2.0.0", "1.0.0", true), List.of(), UpdatePolicy.MANUAL), "the update queued before it gave it a version before");
        assertVerdict(Operation.State.SKIPPED, "n'a pas de version précédente", "has no previous version",
                planner.whenItRuns(asked(Operation.Action.ROLLBACK, null), module("1.0.0", null, true), List.of(), UpdatePolicy.MANUAL));
        assertVerdict(Operation.State.SKIPPED, "n'est pas activé", "is not enabled",
                planner.whenItRuns(asked(Operation.Action.ROLLBACK, null), module("2.0.0", "1.0.0", false), List.of(),
                        UpdatePolicy.MANUAL));
    }

    @Test
    void aPinToTheVersionPinnedSinceIsSkipped() {
        release("1.0.0");
        Optional<InstalledModule> pinned = Optional.of(module("1.0.0", null, true).get().withPin("1.0.0", AT));
        assertVerdict(Operation.State.SKIPPED, "déjà épinglé à la version 1.0.0", "already pinned to version 1.0.0",
                planner().whenItRuns(asked(Operation.Action.PIN, "1.0.0"), pinned, List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void aReleaseRevokedSinceItWasQueuedFailsWithoutBeingInstalled() {
        release("1.0.0").release(SWAP, "2.0.0", true);
        assertVerdict(Operation.State.FAILED, "est révoqué", "is revoked",
                planner().whenItRuns(asked(Operation.Action.UPDATE, "2.0.0"), module("1.0.0", null, true), List.of(),
                        UpdatePolicy.MANUAL));
    }

    @Test
    void anotherGroupsModuleThatTookTheNameSinceIsNeverActedOn() {
        release("1.0.0").release(OTHER, "1.0.0", false);
        Optional<InstalledModule> other = Optional.of(new InstalledModule("swap", OTHER.groupId(), "1.0.0", null, true,
                null, null, AT));
        assertVerdict(Operation.State.SKIPPED, "le nom swap est pris sur cet hôte par aa.other:swap",
                "the name swap is taken on this host by aa.other:swap",
                planner().whenItRuns(asked(Operation.Action.ENABLE, "1.0.0"), other, List.of(), UpdatePolicy.MANUAL));
    }

    @Test
    void anAutomaticUpdateToAReleaseThatFailedHereIsSkippedButAPersonMayRetryIt() {
        release("1.0.0", "2.0.0");
        OperationPlanner planner = planner();
        List<FailedRelease> failures = List.of(failed("2.0.0"));
        assertVerdict(Operation.State.SKIPPED, "la version 2.0.0 de be.imio.solutions:swap a déjà échoué sur cet hôte le"
                + " 30/11/2026 à 15:04", "version 2.0.0 of be.imio.solutions:swap already failed on this host on"
                + " 30/11/2026 at 15:04", planner.whenItRuns(asked(Operation.Action.UPDATE, "2.0.0", "policy:automatic"),
                        module("1.0.0", null, true).map(m -> m.withPolicy(UpdatePolicy.AUTOMATIC, AT)), failures, UpdatePolicy.MANUAL));
        assertEquals(Optional.empty(), planner.whenItRuns(asked(Operation.Action.UPDATE, "2.0.0", "admin"),
                module("1.0.0", null, true), failures, UpdatePolicy.MANUAL), "a person's request tries it again");
    }

    @Test
    void anAutomaticUpdateIsSkippedOnceTheModulesPolicyNoLongerAsksForIt() {
        release("1.0.0", "2.0.0");
        assertVerdict(Operation.State.SKIPPED, "demandée par la politique « automatic », mais celle de"
                + " be.imio.solutions:swap est maintenant « manual »", "asked by the policy 'automatic', but the policy of"
                + " be.imio.solutions:swap is now 'manual'",
                planner().whenItRuns(asked(Operation.Action.UPDATE, "2.0.0", "policy:automatic"),
                        module("1.0.0", null, true).map(m -> m.withPolicy(UpdatePolicy.MANUAL, AT)), List.of(), UpdatePolicy.AUTOMATIC));
        assertEquals(Optional.empty(), planner().whenItRuns(asked(Operation.Action.UPDATE, "2.0.0", "policy:automatic"),
                module("1.0.0", null, true), List.of(), UpdatePolicy.AUTOMATIC), "the host's default policy still asks for it");
    }

    @Test
    void policiesNeverChooseAReleaseThatFailedHereNorWalkDownBelowItButTakeANewerOne() {
        InstalledModule running = module("1.0.0", null, true).get();
        release("1.0.0", "2.0.0");
        assertEquals(Optional.of("2.0.0"), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false, List.of()));
        assertEquals(Optional.empty(), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false, List.of(failed("2.0.0"))),
                "2.0.0 failed here: not tried again at the next catalogue change");
        assertEquals(Optional.empty(), planner().automaticUpdate(running, UpdatePolicy.MANUAL, false, List.of()));

        release("1.5.0");
        assertEquals(Optional.empty(), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false, List.of(failed("2.0.0"))),
                "1.5.0 is newer than the running one but older than the one that failed: the policy waits");
        assertEquals(Optional.of("2.0.0"), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false, List.of(failed("0.9.0"))),
                "a failure older than the running release does not hold the policy back");
        release("3.0.0");
        assertEquals(Optional.of("3.0.0"), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false, List.of(failed("2.0.0"))),
                "a newer release is tried");
        assertEquals(Optional.empty(), planner().automaticUpdate(running, UpdatePolicy.AUTOMATIC, false,
                List.of(failed("2.0.0"), failed("3.0.0"))), "the newest failed too: nothing older is tried");
        assertEquals(Optional.empty(), planner().automaticUpdate(module("1.0.0", null, true).get().withPin("1.0.0", AT),
                UpdatePolicy.AUTOMATIC, false, List.of()), "a pinned module never moves");
        assertEquals(Optional.empty(), planner().automaticUpdate(module("1.0.0", null, false).get(), UpdatePolicy.AUTOMATIC, false,
                List.of()), "a disabled module never moves");
    }

    @Test
    void theSecurityPolicyMovesAwayFromARevokedReleaseOnlyToOneThatDidNotFailHere() {
        release("1.0.0", "1.1.0").release(SWAP, "2.0.0", true);
        InstalledModule onRevoked = new InstalledModule("swap", SWAP.groupId(), "2.0.0", "1.1.0", true, null, null, AT);
        assertEquals(Optional.of("1.1.0"), planner().automaticUpdate(onRevoked, UpdatePolicy.SECURITY, true, List.of()),
                "back to the release this host ran before the revoked one");
        assertEquals(Optional.of("1.1.0"), planner().automaticUpdate(onRevoked, UpdatePolicy.AUTOMATIC, true, List.of()),
                "automatic too moves away from a revoked release");
        assertEquals(Optional.empty(), planner().automaticUpdate(onRevoked, UpdatePolicy.SECURITY, true, List.of(failed("1.1.0"))),
                "never further down, to a release it did not run before: a revocation cannot walk hosts down to old releases");
        InstalledModule firstRelease = new InstalledModule("swap", SWAP.groupId(), "2.0.0", null, true, null, null, AT);
        assertEquals(Optional.empty(), planner().automaticUpdate(firstRelease, UpdatePolicy.SECURITY, true, List.of()),
                "installed first at the revoked release: it stays, shown revoked, for staff to decide");
        release("3.0.0");
        assertEquals(Optional.of("3.0.0"), planner().automaticUpdate(onRevoked, UpdatePolicy.SECURITY, true, List.of()),
                "a newer release comes first");
        assertEquals(Optional.empty(), planner().automaticUpdate(module("1.0.0", null, true).get(), UpdatePolicy.SECURITY, false,
                List.of()), "security moves nothing while the running release is not revoked");
    }
}
