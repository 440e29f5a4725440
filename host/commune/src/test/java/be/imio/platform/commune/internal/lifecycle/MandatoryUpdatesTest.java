package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.ledger.Deferral;
import be.imio.platform.commune.internal.ledger.HostSchema;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.settings.HostConfig;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.HostOffer;
import be.imio.platform.trust.Digests;
import be.imio.platform.trust.RequiredUpdate;
import be.imio.platform.trust.Rollout;
import be.imio.platform.trust.Target;

/**
 * Which mandatory update is pending for a module, when it is due, and a deferral: once, with a
 * reason, to a date after the deadline and within iMio's limit, journalled with its row.
 */
class MandatoryUpdatesTest {

    private static final ModuleId SWAP = new ModuleId("be.imio.solutions", "swap");
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant BY = T0.plus(Duration.ofDays(14));
    private final Map<String, Target> targets = new LinkedHashMap<>();

    @TempDir
    Path dir;
    private HostSchema schema;
    private ModuleLedger ledger;

    @BeforeEach
    void schema() throws Exception {
        schema = new HostSchema(dir);
        ledger = new ModuleLedger(schema.dataSource);
    }

    @AfterEach
    void shutdown() {
        schema.close();
    }

    private void release(ModuleId module, String version, RequiredUpdate required, boolean revoked, Rollout rollout) {
        String path = module.groupId().replace('.', '/') + "/" + module.name() + "/" + version + "/" + module.name() + "-"
                + version + "-features.xml";
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("groupId", module.groupId())
                .put("artifactId", module.name()).put("version", version).put("channel", "stable").put("revoked", revoked);
        if (required != null) {
            custom.set("required", required.toJson());
        }
        if (rollout != null) {
            custom.set("rollout", rollout.toJson());
        }
        targets.put(path, new Target(path, bytes.length, Digests.sha256Hex(bytes), custom));
    }

    private HostOffer offer() {
        HostSettings settings = new HostSettings();
        settings.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getName().equals("hostId") ? "namur"
                        : method.getDefaultValue()));
        Catalogue catalogue = new Catalogue(targets);
        return new HostOffer(() -> catalogue, settings, new Version(1, 5, 0));
    }

    private static InstalledModule swap(String version, boolean enabled) {
        return new InstalledModule("swap", SWAP.groupId(), version, null, enabled, null, null, T0);
    }

    private static RequiredUpdate fix(Instant by, int deferDays) {
        return new RequiredUpdate(by, "Faille XSS corrigée", by.plus(Duration.ofDays(deferDays)));
    }

    private Optional<MandatoryUpdates.Pending> pending(InstalledModule module, List<Deferral> deferrals, String failed) {
        return MandatoryUpdates.pendingFor(module, offer(), deferrals, failed::equals);
    }

    @Test
    void theNewestRequiredReleaseNewerThanTheOneRunningIsPending() {
        release(SWAP, "1.0.0", fix(T0, 30), false, null);
        release(SWAP, "1.1.0", fix(BY, 30), false, null);
        release(SWAP, "1.2.0", null, false, null);
        release(SWAP, "1.3.0", fix(BY.plusSeconds(60), 30), true, null);
        release(new ModuleId("aa.evil", "swap"), "9.0.0", fix(T0, 0), false, null);

        MandatoryUpdates.Pending pending = pending(swap("1.0.0", true), List.of(), "").orElseThrow();
        assertEquals("1.1.0", pending.release().version(), "not a revoked one, nor another group's module");
        assertEquals(BY, pending.due());
        assertTrue(pending.deferrable());
        assertFalse(pending.dueAt(BY.minusSeconds(1)));
        assertTrue(pending.dueAt(BY));
        assertEquals(Optional.empty(), pending(swap("1.1.0", true), List.of(), ""), "taken already");
        assertEquals(Optional.empty(), pending(swap("1.2.0", true), List.of(), ""), "newer already");
        assertEquals(Optional.empty(), pending(swap("1.0.0", false), List.of(), ""), "a disabled module runs nothing");
    }

    @Test
    void aDeferralMovesWhenItIsDueAndWhatHoldsItBackIsSaid() {
        release(SWAP, "1.1.0", fix(BY, 30), false, null);
        Deferral deferral = new Deferral(SWAP, "1.1.0", BY, BY.plus(Duration.ofDays(7)), "conseil", "admin", T0);
        MandatoryUpdates.Pending deferred = pending(swap("1.0.0", true), List.of(deferral), "").orElseThrow();
        assertEquals(BY.plus(Duration.ofDays(7)), deferred.due());
        assertFalse(deferred.deferrable(), "once");
        assertFalse(deferred.dueAt(BY.plus(Duration.ofDays(1))));
        assertEquals("failed", pending(swap("1.0.0", true), List.of(), "1.1.0").orElseThrow().heldBy());
        assertFalse(pending(swap("1.0.0", true), List.of(), "1.1.0").orElseThrow().dueAt(BY.plusSeconds(1)),
                "a release that failed here is not tried again by itself");

        targets.clear();
        release(SWAP, "1.1.0", fix(BY, 30), false, new Rollout(3, Rollout.State.HALTED, 0,
                List.of(new Rollout.Ring(List.of("pilote"), 0), new Rollout.Ring(List.of(), 100))));
        MandatoryUpdates.Pending held = pending(swap("1.0.0", true), List.of(), "").orElseThrow();
        assertEquals("halted", held.heldBy());
        assertFalse(held.dueAt(BY.plusSeconds(1)), "a halted rollout holds it back");
    }

    @Test
    void aDeferralAnswersItsRequirementOnlyAndNeverOutlastsIMiosCurrentLimit() {
        Deferral thirtyDays = new Deferral(SWAP, "1.1.0", BY, BY.plus(Duration.ofDays(30)), "conseil", "admin", T0);
        // iMio requires it again, by the same date, now allowing 2 days: the deferral is cut to them.
        release(SWAP, "1.1.0", fix(BY, 2), false, null);
        MandatoryUpdates.Pending shortened = pending(swap("1.0.0", true), List.of(thirtyDays), "").orElseThrow();
        assertEquals(BY.plus(Duration.ofDays(2)), shortened.due());
        // Or with no deferral at all: due at the deadline.
        targets.clear();
        release(SWAP, "1.1.0", fix(BY, 0), false, null);
        assertEquals(BY, pending(swap("1.0.0", true), List.of(thirtyDays), "").orElseThrow().due());
        // A new requirement of the same release, by another date, months later: the old deferral is
        // not this one's; it is due at its own deadline, and may be deferred again, once.
        targets.clear();
        Instant later = BY.plus(Duration.ofDays(200));
        release(SWAP, "1.1.0", fix(later, 30), false, null);
        MandatoryUpdates.Pending again = pending(swap("1.0.0", true), List.of(thirtyDays), "").orElseThrow();
        assertNull(again.deferral());
        assertEquals(later, again.due());
        assertTrue(again.deferrable());
    }

    @Test
    void aNewerRequiredReleaseHeldBackNeverBlocksAnOlderFixTheHostCanTake() {
        release(SWAP, "1.1.0", fix(BY, 30), false, null);
        release(SWAP, "1.2.0", fix(BY, 30), false, new Rollout(4, Rollout.State.RUNNING, 0,
                List.of(new Rollout.Ring(List.of("pilote"), 0), new Rollout.Ring(List.of(), 100))));
        assertEquals("1.1.0", pending(swap("1.0.0", true), List.of(), "").orElseThrow().release().version(),
                "1.2.0 has not reached this host: the fix it can take is 1.1.0");
        assertEquals("1.1.0", pending(swap("1.0.0", true), List.of(), "1.2.0").orElseThrow().release().version());
        targets.clear();
        release(SWAP, "1.2.0", fix(BY, 30), false, new Rollout(4, Rollout.State.RUNNING, 0,
                List.of(new Rollout.Ring(List.of("pilote"), 0), new Rollout.Ring(List.of(), 100))));
        assertEquals("running", pending(swap("1.0.0", true), List.of(), "").orElseThrow().heldBy(),
                "none can be taken: the newest, with what holds it back");
    }

    @Test
    void aNewerRequirementWithALaterDateNeverPostponesAnOlderStricterOne() {
        release(SWAP, "1.1.0", fix(BY, 0), false, null);
        release(SWAP, "1.2.0", fix(BY.plus(Duration.ofDays(45)), 30), false, null);
        MandatoryUpdates.Pending pending = pending(swap("1.0.0", true), List.of(), "").orElseThrow();
        assertEquals("1.2.0", pending.release().version(), "the newest it can take, which satisfies both");
        assertEquals("1.1.0", pending.governing().version(), "the one due first decides");
        assertEquals(BY, pending.due());
        assertFalse(pending.deferrable(), "1.1.0 may not be deferred, so neither may the update");
        assertTrue(pending.dueAt(BY.plus(Duration.ofDays(1))));

        // Both deferrable: 1.1.0's deferral moves it, up to 1.2.0's own deadline, which then governs.
        targets.clear();
        release(SWAP, "1.1.0", fix(BY, 90), false, null);
        release(SWAP, "1.2.0", fix(BY.plus(Duration.ofDays(10)), 30), false, null);
        Deferral month = new Deferral(SWAP, "1.1.0", BY, BY.plus(Duration.ofDays(30)), "conseil", "admin", T0);
        MandatoryUpdates.Pending deferred = pending(swap("1.0.0", true), List.of(month), "").orElseThrow();
        assertEquals("1.2.0", deferred.governing().version());
        assertEquals(BY.plus(Duration.ofDays(10)), deferred.due());
        assertTrue(deferred.deferrable(), "1.2.0's own requirement may be deferred in turn");
    }

    private void running(String version) throws Exception {
        ledger.finish(ledger.plan(SWAP, Operation.Action.ENABLE, null, version, "admin", "127.0.0.1", T0).id(),
                Operation.State.SUCCEEDED, "", null, null, T0, swap(version, true));
    }

    @Test
    void anAdministratorDefersOnceWithAReasonAndADateWithinTheLimitAndItIsJournalled() throws Exception {
        release(SWAP, "1.1.0", fix(BY, 30), false, null);
        running("1.0.0");
        MandatoryUpdates mandatory = new MandatoryUpdates(offer(), ledger);
        Instant until = BY.plus(Duration.ofDays(7));

        Map<String, Instant> badDates = Map.of("at the deadline", BY, "before it", BY.minusSeconds(3600),
                "past the limit", BY.plus(Duration.ofDays(30)).plusSeconds(1));
        for (var bad : badDates.entrySet()) {
            Refusal refused = assertThrows(Refusal.class, () -> mandatory.defer(SWAP, null, bad.getValue(), "conseil",
                    "admin", "127.0.0.1", T0), bad.getKey());
            assertEquals("bad_date", refused.code(), bad.getKey());
        }
        for (String reason : new String[] {"", "   ", "a\u0007b", "x".repeat(501), null}) {
            assertEquals("bad_reason", assertThrows(Refusal.class, () -> mandatory.defer(SWAP, null, until, reason, "admin",
                    "127.0.0.1", T0)).code());
        }
        assertEquals("not_required", assertThrows(Refusal.class, () -> mandatory.defer(SWAP, "1.0.5", until, "conseil",
                "admin", "127.0.0.1", T0)).code());
        assertEquals(List.of(), ledger.deferrals(), "nothing deferred by a refusal");

        Operation done = mandatory.defer(SWAP, "1.1.0", until, "  Conseil communal le 15  ", "admin", "127.0.0.1", T0);
        assertEquals(Operation.Action.DEFER, done.action());
        assertEquals("1.0.0", done.fromVersion());
        assertEquals("1.1.0", done.toVersion());
        assertEquals(SWAP.groupId(), done.groupId());
        assertTrue(done.reason().contains("Conseil communal le 15"), done.reason());
        assertEquals(List.of(new Deferral(SWAP, "1.1.0", BY, until, "Conseil communal le 15", "admin", T0)),
                ledger.deferrals());
        assertEquals(done.id(), ledger.operations("swap", 1).get(0).id(), "journalled in the activity");
        assertEquals(until, mandatory.pending().get(0).due());

        Refusal again = assertThrows(Refusal.class, () -> mandatory.defer(SWAP, null, until.plusSeconds(60), "encore",
                "admin", "127.0.0.1", T0));
        assertEquals("already_deferred", again.code(), "once");
        assertEquals(1, ledger.deferrals().size());
    }

    @Test
    void noDeferralWhenIMioAllowsNoneOrAnOperationIsUnderWay() throws Exception {
        release(SWAP, "1.1.0", fix(BY, 0), false, null);
        running("1.0.0");
        MandatoryUpdates mandatory = new MandatoryUpdates(offer(), ledger);
        assertEquals("not_deferrable", assertThrows(Refusal.class, () -> mandatory.defer(SWAP, null, BY.plusSeconds(60),
                "conseil", "admin", "127.0.0.1", T0)).code());

        targets.clear();
        release(SWAP, "1.1.0", fix(BY, 30), false, null);
        ledger.plan(SWAP, Operation.Action.UPDATE, "1.0.0", "1.1.0", MandatoryUpdates.BY_DEADLINE, "host", BY);
        MandatoryUpdates busy = new MandatoryUpdates(offer(), ledger);
        assertEquals("operation_pending", assertThrows(Refusal.class, () -> busy.defer(SWAP, null, BY.plusSeconds(60),
                "conseil", "admin", "127.0.0.1", T0)).code());
        assertNull(busy.pending().get(0).deferral());
    }

    @Test
    void aDateIsReadWithItsOffsetOrInBrusselsTime() throws Exception {
        assertEquals(Instant.parse("2026-12-20T17:00:00Z"), MandatoryUpdates.parseUntil("2026-12-20T18:00"),
                "winter: UTC+1");
        assertEquals(Instant.parse("2027-07-20T16:00:00Z"), MandatoryUpdates.parseUntil("2027-07-20T18:00"),
                "summer: UTC+2");
        assertEquals(Instant.parse("2026-12-20T18:00:00Z"), MandatoryUpdates.parseUntil("2026-12-20T18:00:00Z"));
        assertEquals(Instant.parse("2026-12-20T17:00:00Z"), MandatoryUpdates.parseUntil(" 2026-12-20T18:00:00+01:00 "));
        for (String bad : new String[] {"", "demain", "20/12/2026", "2026-12-20", null}) {
            assertEquals("bad_date", assertThrows(Refusal.class, () -> MandatoryUpdates.parseUntil(bad)).code());
        }
    }
}
