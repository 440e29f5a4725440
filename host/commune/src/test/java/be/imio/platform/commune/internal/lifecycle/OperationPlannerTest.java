package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.settings.HostConfig;

/**
 * The planner's decisions when two groups release a module of the same short name: the module a
 * host runs is its group's, and the other group's releases are never its updates, pins or rollbacks.
 */
class OperationPlannerTest {

    private static final ModuleId IMIO = new ModuleId("be.imio.platform", "courrier");
    private static final ModuleId EVIL = new ModuleId("aa.evil", "courrier");
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    private Map<String, Target> targets = new LinkedHashMap<>();

    private OperationPlannerTest release(ModuleId module, String version) {
        String path = module.groupId().replace('.', '/') + "/" + module.name() + "/" + version + "/" + module.name() + "-"
                + version + "-features.xml";
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        targets.put(path, new Target(path, bytes.length, Digests.sha256Hex(bytes), JsonNodeFactory.instance.objectNode()
                .put("groupId", module.groupId()).put("artifactId", module.name()).put("version", version)
                .put("channel", "stable").put("releasedBy", module.groupId().startsWith("aa") ? "evil" : "imio")));
        return this;
    }

    private Catalogue catalogue() {
        return new Catalogue(targets);
    }

    private OperationPlanner planner() {
        HostSettings settings = new HostSettings();
        settings.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getDefaultValue()));
        Catalogue catalogue = catalogue();
        return new OperationPlanner(() -> catalogue, settings, new Version(1, 2, 0));
    }

    private static InstalledModule installed(ModuleId module, String version, String previous, boolean enabled) {
        return new InstalledModule(module.name(), module.groupId(), version, previous, enabled, null, null, AT);
    }

    private static Refusal refused(Executable call) {
        return assertThrows(Refusal.class, call::run);
    }

    private interface Executable {
        void run() throws Exception;
    }

    @Test
    void anotherGroupsNewerReleaseOfTheSameNameIsNoUpdate() {
        release(IMIO, "1.0.0").release(EVIL, "10.0.0");
        OperationPlanner planner = planner();
        InstalledModule running = installed(IMIO, "1.0.0", null, true);

        assertEquals(Optional.empty(), planner.updateFor(running), "aa.evil:courrier 10.0.0 is not an update");
        assertEquals(Optional.of("1.0.0"), planner.newestAllowed(IMIO, null));
        assertEquals(Optional.of("10.0.0"), planner.newestAllowed(EVIL, null));
    }

    @Test
    void withEqualVersionsEachModuleGetsItsOwnGroupsRelease() {
        release(EVIL, "1.1.0").release(IMIO, "1.0.0").release(IMIO, "1.1.0").release(EVIL, "1.0.0");
        OperationPlanner planner = planner();

        assertEquals(Optional.of("1.1.0"), planner.updateFor(installed(IMIO, "1.0.0", null, true)));
        Catalogue catalogue = catalogue();
        assertEquals("be.imio.platform", catalogue.release(IMIO, "1.1.0").orElseThrow().groupId());
        assertEquals("aa.evil", catalogue.release(EVIL, "1.1.0").orElseThrow().groupId());
    }

    @Test
    void anUpdatePinOrRollbackToAVersionOnlyAnotherGroupReleasesIsRefused() throws Exception {
        release(IMIO, "1.0.0").release(IMIO, "1.1.0").release(EVIL, "10.0.0").release(EVIL, "0.9.0");
        OperationPlanner planner = planner();

        Refusal update = refused(() -> planner.target(Operation.Action.UPDATE, IMIO, "10.0.0",
                Optional.of(installed(IMIO, "1.0.0", null, true))));
        assertEquals("unknown_version", update.code(), update.getMessage());
        Refusal pin = refused(() -> planner.target(Operation.Action.PIN, IMIO, "10.0.0",
                Optional.of(installed(IMIO, "1.0.0", null, true))));
        assertEquals("unknown_version", pin.code(), pin.getMessage());
        Refusal rollback = refused(() -> planner.target(Operation.Action.ROLLBACK, IMIO, null,
                Optional.of(installed(IMIO, "1.1.0", "0.9.0", true))));
        assertEquals("unknown_version", rollback.code(), "0.9.0 exists only as aa.evil's: " + rollback.getMessage());
        assertEquals("1.1.0", planner.target(Operation.Action.UPDATE, IMIO, null,
                Optional.of(installed(IMIO, "1.0.0", null, true))), "the newest of its own group");
    }

    @Test
    void anActionMissingItsArgumentIsRefusedNeverFailed() throws Exception {
        release(IMIO, "1.0.0");
        OperationPlanner planner = planner();
        Optional<InstalledModule> running = Optional.of(installed(IMIO, "1.0.0", null, true));
        // The engine's callers (REST, console, shell) pass what they were given: null when nothing was.
        Refusal policy = refused(() -> planner.target(Operation.Action.POLICY, IMIO, null, running));
        assertEquals("policy_required", policy.code(), policy.getMessage());
        assertEquals(400, policy.status());
        for (String bad : new String[] {"", "AUTOMATIC", "sometimes", "automatic "}) {
            Refusal refused = refused(() -> planner.target(Operation.Action.POLICY, IMIO, bad, running));
            assertEquals("bad_policy", refused.code(), bad + ": " + refused.getMessage());
        }
        assertEquals("automatic", planner.target(Operation.Action.POLICY, IMIO, "automatic", running));
        Refusal pin = refused(() -> planner.target(Operation.Action.PIN, IMIO, null, running));
        assertEquals("version_required", pin.code(), pin.getMessage());
    }

    @Test
    void anotherGroupsModuleOfANameInUseIsRefusedForEveryAction() {
        release(IMIO, "1.0.0").release(EVIL, "1.0.0").release(EVIL, "10.0.0");
        OperationPlanner planner = planner();
        for (boolean enabled : new boolean[] {true, false}) {
            Optional<InstalledModule> onHost = Optional.of(installed(IMIO, "1.0.0", null, enabled));
            for (Operation.Action action : List.of(Operation.Action.ENABLE, Operation.Action.UPDATE,
                    Operation.Action.DISABLE, Operation.Action.ROLLBACK, Operation.Action.PIN, Operation.Action.UNPIN,
                    Operation.Action.POLICY)) {
                Refusal refused = refused(() -> planner.target(action, EVIL, "1.0.0", onHost));
                assertEquals(409, refused.status());
                assertEquals("name_in_use", refused.code(), action + ", enabled " + enabled + ": " + refused.getMessage());
                assertTrue(refused.getMessage().contains("be.imio.platform:courrier"), refused.getMessage());
            }
        }
    }

    @Test
    void enablingWithoutAVersionTakesTheNewestOfTheGroupAsked() throws Exception {
        release(IMIO, "1.0.0").release(EVIL, "10.0.0");
        OperationPlanner planner = planner();

        assertEquals("1.0.0", planner.target(Operation.Action.ENABLE, IMIO, null, Optional.empty()));
        assertEquals("10.0.0", planner.target(Operation.Action.ENABLE, EVIL, null, Optional.empty()));
    }

    @Test
    void aShortNameIsTheModuleOnThisHostElseTheOneGroupReleasingItElseAmbiguous() throws Exception {
        release(IMIO, "1.0.0").release(EVIL, "10.0.0").release(new ModuleId("be.imio.platform", "salles"), "1.0.0");
        Catalogue catalogue = catalogue();

        Refusal ambiguous = refused(() -> OperationPlanner.resolve("courrier", catalogue, Optional.empty()));
        assertEquals(409, ambiguous.status());
        assertEquals("ambiguous_module", ambiguous.code());
        assertEquals(List.of("aa.evil:courrier", "be.imio.platform:courrier"), ambiguous.candidates());
        assertEquals("plusieurs éditeurs publient un module courrier : précisez aa.evil:courrier, be.imio.platform:courrier",
                ambiguous.message(Texts.FRENCH));
        assertEquals("mehrere Herausgeber veröffentlichen ein Modul courrier: geben Sie an, welches, aa.evil:courrier,"
                + " be.imio.platform:courrier", ambiguous.message(Texts.GERMAN));

        assertEquals(IMIO, OperationPlanner.resolve("courrier", catalogue,
                Optional.of(installed(IMIO, "1.0.0", null, false))), "the host's own module of that name");
        assertEquals(EVIL, OperationPlanner.resolve("aa.evil:courrier", catalogue,
                Optional.of(installed(IMIO, "1.0.0", null, true))), "GROUP:ARTIFACT names one module");
        assertEquals(new ModuleId("be.imio.platform", "salles"), OperationPlanner.resolve("salles", catalogue,
                Optional.empty()));
        assertEquals("unknown_module", refused(() -> OperationPlanner.resolve("conseil", catalogue, Optional.empty()))
                .code());
        for (String bad : new String[] {"", "a:b:c", ":courrier", "courrier:", "cour rier", "../courrier"}) {
            Refusal refused = refused(() -> OperationPlanner.resolve(bad, catalogue, Optional.empty()));
            assertEquals("bad_module", refused.code(), bad);
            assertEquals(400, refused.status(), bad);
        }
    }

    @Test
    void thePlatformsNamesAreNoModulesWhateverTheCatalogueOffers() throws Exception {
        ModuleId host = new ModuleId("aa.evil", "host");
        release(host, "1.0.0");
        Catalogue catalogue = catalogue();
        for (String name : new String[] {"host", "aa.evil:host", "HOST", "platform", "console", "api", "backups",
                "aa.evil:imio-web"}) {
            Refusal refused = refused(() -> OperationPlanner.resolve(name, catalogue, Optional.empty()));
            assertEquals("reserved_name", refused.code(), name);
            assertEquals(400, refused.status(), name);
        }
    }

    @Test
    void aNameDifferingOnlyInCaseIsTheSameNameOnAHost() throws Exception {
        ModuleId lookAlike = new ModuleId("aa.evil", "Courrier");
        release(IMIO, "1.0.0").release(lookAlike, "10.0.0");
        OperationPlanner planner = planner();
        InstalledModule imio = installed(IMIO, "1.0.0", null, true);

        Optional<InstalledModule> holder = ModuleLedger.holder(java.util.List.of(imio), lookAlike.name());
        assertEquals(Optional.of(imio), holder, "courrier holds Courrier");
        for (Operation.Action action : new Operation.Action[] {Operation.Action.ENABLE, Operation.Action.UPDATE}) {
            Refusal refused = refused(() -> planner.target(action, lookAlike, "10.0.0", holder));
            assertEquals("name_in_use", refused.code(), action.id());
        }
        assertEquals(Optional.of(imio), ModuleLedger.holder(java.util.List.of(imio), "courrier"), "its own name");
        assertEquals(Optional.empty(), ModuleLedger.holder(java.util.List.of(imio), "salles"));
    }
    @Test
    void whatOperationsQueuedBeforeMayChangeIsJudgedWhenItRunsNotWhenAsked() throws Exception {
        release(IMIO, "1.0.0").release(IMIO, "1.1.0");
        OperationPlanner planner = planner();
        Optional<InstalledModule> enabled = Optional.of(installed(IMIO, "1.0.0", null, true));
        Optional<InstalledModule> disabled = Optional.of(installed(IMIO, "1.0.0", null, false));

        // Nothing queued before: refused at once, as ever.
        assertEquals("already_enabled", refused(() -> planner.target(Operation.Action.ENABLE, IMIO, "1.0.0", enabled,
                false)).code());
        // A disable queued before it: the enable is accepted, for the version asked or the newest.
        assertEquals("1.0.0", planner.target(Operation.Action.ENABLE, IMIO, "1.0.0", enabled, true));
        assertEquals("1.1.0", planner.target(Operation.Action.ENABLE, IMIO, null, enabled, true));
        // An enable queued before: a disable, an update of the module disabled now.
        assertEquals(null, planner.target(Operation.Action.DISABLE, IMIO, null, disabled, true));
        assertEquals("1.1.0", planner.target(Operation.Action.UPDATE, IMIO, "1.1.0", disabled, true));
        assertEquals("1.1.0", planner.target(Operation.Action.UPDATE, IMIO, null, Optional.empty(), true));
        // An update to the version it runs, behind another update.
        assertEquals("1.0.0", planner.target(Operation.Action.UPDATE, IMIO, "1.0.0", enabled, true));
        // What no queued operation can change is still refused at once.
        assertEquals("unknown_version", refused(() -> planner.target(Operation.Action.ENABLE, IMIO, "9.9.9", enabled,
                true)).code());
        // A rollback behind others goes back from what they leave: its version is decided at its turn.
        assertEquals("no_previous_version", refused(() -> planner.target(Operation.Action.ROLLBACK, IMIO, null, enabled,
                false)).code());
        assertEquals(null, planner.target(Operation.Action.ROLLBACK, IMIO, null, enabled, true));
        assertEquals(null, planner.target(Operation.Action.ROLLBACK, IMIO, null,
                Optional.of(installed(IMIO, "1.1.0", "1.0.0", true)), true));
        assertEquals(null, planner.target(Operation.Action.ROLLBACK, IMIO, null, disabled, true));
        assertEquals("name_in_use", refused(() -> planner.target(Operation.Action.ENABLE, EVIL, null,
                enabled, true)).code());
    }
}
