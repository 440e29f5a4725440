package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.karaf.features.Feature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.mount.SwapGuard;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.settings.HostConfig;
import be.imio.platform.commune.internal.ledger.HostSchema;

/**
 * The runner with a fake Karaf and a fake health probe, on the host's real journal: what it asks
 * Karaf, in which order, and what it journals, when a release works and when it does not.
 */
class OperationRunnerTest {

    private static final ModuleId COURRIER = new ModuleId("be.imio.platform", "courrier");
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;
    private HostSchema schema;
    private ModuleLedger ledger;
    private final FakeKaraf karaf = new FakeKaraf();
    private final Set<String> unhealthy = new java.util.HashSet<>();

    /** Karaf as the runner sees it: what it was asked, and what runs. */
    private static final class FakeKaraf implements KarafModules {
        final List<String> asked = new ArrayList<>();
        final Map<String, String> running = new HashMap<>();

        @Override
        public void install(String module, String version, Path featuresXml) {
            asked.add("install " + module + " " + version);
            running.put(module, version);
        }

        @Override
        public void know(Path featuresXml) {
        }

        @Override
        public void uninstall(String module, String version) {
            asked.add("uninstall " + module + " " + version);
            running.remove(module);
        }

        @Override
        public void forgetRepositoriesExcept(Set<Path> kept) {
        }

        @Override
        public Map<String, String> deployed(Set<String> managed) {
            Map<String, String> deployed = new HashMap<>(running);
            deployed.keySet().retainAll(managed);
            return deployed;
        }

        @Override
        public Feature feature(String name, String version) {
            return null;
        }
    }

    @BeforeEach
    void host() throws Exception {
        schema = new HostSchema(dir);
        ledger = new ModuleLedger(schema.dataSource);
    }

    @AfterEach
    void close() {
        schema.close();
    }

    private OperationRunner runner() throws Exception {
        return runner(operation -> { });
    }

    /** A runner on this test's journal, fake Karaf and probe; {@code requeue} takes back what was queued at a stop. */
    private OperationRunner runner(java.util.function.Consumer<Operation> requeue) throws Exception {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String version : List.of("1.0.0", "1.1.0")) {
            String path = "be/imio/platform/courrier/" + version + "/courrier-" + version + "-features.xml";
            byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
            targets.put(path, new Target(path, bytes.length, Digests.sha256Hex(bytes), JsonNodeFactory.instance.objectNode()
                    .put("groupId", COURRIER.groupId()).put("artifactId", "courrier").put("version", version)
                    .put("channel", "stable")));
        }
        Catalogue catalogue = new Catalogue(targets);
        Path verified = Files.createDirectories(dir.resolve("host/verified"));
        ReleaseSource source = new ReleaseSource() {
            @Override
            public Catalogue catalogue() {
                return catalogue;
            }

            @Override
            public Optional<Refusal> installBlocker() {
                return Optional.empty();
            }

            @Override
            public Path fetch(ModuleRelease release, Catalogue offered, long maxBytes, Version apiVersion) throws java.io.IOException {
                Path xml = verified.resolve(release.features().path());
                Files.createDirectories(xml.getParent());
                return Files.writeString(xml, "<features/>");
            }

            @Override
            public Path cacheFolder() {
                return verified;
            }
        };
        ModuleProbe probe = new ModuleProbe() {
            @Override
            public void await(String module, Feature feature, Duration timeout, Runnable platformReady)
                    throws ModuleHealth.Unhealthy {
                String version = karaf.running.get(module);
                if (unhealthy.contains(module + " " + version)) {
                    throw new ModuleHealth.Unhealthy(Bilingual.of("courrier " + version + " ne répond pas",
                            "courrier " + version + " does not answer"),
                            "java.lang.IllegalStateException: activate failed");
                }
                platformReady.run();
            }

            @Override
            public Collection<ModuleBundles.Identity> identities(Feature feature) {
                return List.of();
            }

            @Override
            public Collection<Bundle> bundlesOf(Feature feature) {
                return List.of();
            }
        };
        HostSettings settings = new HostSettings();
        settings.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getName().equals("healthTimeoutSeconds")
                        ? 2 : method.getName().equals("swapWaitSeconds") ? 0 : method.getDefaultValue()));
        Version api = new Version(1, 5, 0);
        return new OperationRunner(Clock.fixed(T0, ZoneOffset.UTC), ledger, source, settings, new SwapGuard(), karaf, probe,
                new OperationPlanner(() -> catalogue, settings, api), api, requeue, () -> { });
    }

    private Operation run(OperationRunner runner, Operation.Action action, String version) throws Exception {
        Optional<InstalledModule> installed = ledger.module("courrier");
        Operation planned = ledger.plan(COURRIER, action, installed.map(InstalledModule::version).orElse(null), version,
                "admin", "127.0.0.1", T0);
        runner.run(planned);
        return ledger.operation(planned.id()).orElseThrow();
    }

    @Test
    void aReleaseThatWorksIsJournalledAsTheModulesNewState() throws Exception {
        OperationRunner runner = runner();
        assertEquals(Operation.State.SUCCEEDED, run(runner, Operation.Action.ENABLE, "1.0.0").state());
        assertEquals(Operation.State.SUCCEEDED, run(runner, Operation.Action.UPDATE, "1.1.0").state());

        assertEquals(List.of("install courrier 1.0.0", "install courrier 1.1.0"), karaf.asked);
        InstalledModule now = ledger.module("courrier").orElseThrow();
        assertEquals("1.1.0", now.version());
        assertEquals("1.0.0", now.previousVersion());
    }

    @Test
    void anUnhealthyUpdateIsRolledBackToTheVersionThatRanWithItsReason() throws Exception {
        OperationRunner runner = runner();
        run(runner, Operation.Action.ENABLE, "1.0.0");
        unhealthy.add("courrier 1.1.0");

        Operation update = run(runner, Operation.Action.UPDATE, "1.1.0");

        assertEquals(Operation.State.ROLLED_BACK, update.state(), String.valueOf(update));
        assertEquals(List.of("install courrier 1.0.0", "install courrier 1.1.0", "install courrier 1.0.0"), karaf.asked,
                "Karaf runs the previous release again");
        assertEquals("1.0.0", karaf.running.get("courrier"));
        assertEquals("1.0.0", ledger.module("courrier").orElseThrow().version(), "the journal keeps the version that runs");
        assertTrue(update.reason().contains("does not answer"), update.reason());
        assertTrue(update.detail().contains("activate failed"), update.detail());
        assertEquals(List.of("1.1.0"), ledger.failedReleases(COURRIER, ledger.module("courrier").orElseThrow()).stream()
                .map(FailedRelease::version).toList(), "and remembers the release that failed here");
    }

    @Test
    void aFailedFirstEnableLeavesNothingRunning() throws Exception {
        OperationRunner runner = runner();
        unhealthy.add("courrier 1.0.0");

        Operation enable = run(runner, Operation.Action.ENABLE, "1.0.0");

        assertEquals(Operation.State.ROLLED_BACK, enable.state());
        assertEquals(List.of("install courrier 1.0.0", "uninstall courrier 1.0.0"), karaf.asked);
        assertTrue(karaf.running.isEmpty());
        assertTrue(ledger.module("courrier").isEmpty(), "no module row for a module that never ran");
    }

    @Test
    void atTheNextStartKarafIsBroughtBackToWhatTheJournalSaysAndQueuedOperationsGoOn() throws Exception {
        OperationRunner before = runner();
        run(before, Operation.Action.ENABLE, "1.0.0");
        // The host stopped in the middle of an update: Karaf had 1.1.0, the journal still says 1.0.0.
        Operation cutOff = ledger.plan(COURRIER, Operation.Action.UPDATE, "1.0.0", "1.1.0", "admin", "127.0.0.1", T0);
        ledger.started(cutOff.id(), T0, "1.0.0");
        Operation queued = ledger.plan(COURRIER, Operation.Action.DISABLE, "1.0.0", null, "admin", "127.0.0.1", T0);
        karaf.running.put("courrier", "1.1.0");
        karaf.asked.clear();
        List<Operation> requeued = new ArrayList<>();
        OperationRunner after = runner(requeued::add);

        after.reconcile();

        assertEquals(List.of("install courrier 1.0.0"), karaf.asked, "the release of the journal runs again");
        assertEquals(Operation.State.INTERRUPTED, ledger.operation(cutOff.id()).orElseThrow().state());
        assertEquals(List.of(queued.id()), requeued.stream().map(Operation::id).toList(), "a queued one is queued again");
        assertEquals("1.0.0", ledger.module("courrier").orElseThrow().version());
    }
}
