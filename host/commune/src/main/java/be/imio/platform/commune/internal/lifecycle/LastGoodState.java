package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.mount.ModuleThreads;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.ModuleRelease;

/**
 * What the host's database says Karaf should run (every enabled module at its version, from its
 * verified features XML), and bringing one module back to it: after a failed operation, and at
 * start for what a crash cut off.
 */
final class LastGoodState {

    private static final Logger LOG = LoggerFactory.getLogger(LastGoodState.class);

    private final ModuleLedger ledger;
    private final ReleaseSource sync;
    private final HostSettings settings;
    private final KarafModules deployer;
    private final ModuleProbe health;

    LastGoodState(ModuleLedger ledger, ReleaseSource sync, HostSettings settings, KarafModules deployer,
            ModuleProbe health) {
        this.ledger = ledger;
        this.sync = sync;
        this.settings = settings;
        this.deployer = deployer;
        this.health = health;
    }

    /** What one module should run as: its version and its verified features XML. */
    record Wanted(String version, Path featuresXml) {
    }

    /** What the database says Karaf should run: every enabled module at its version. */
    Map<String, Wanted> desired() throws SQLException {
        Map<String, Wanted> desired = new HashMap<>();
        for (InstalledModule module : ledger.modules()) {
            if (module.enabled()) {
                desired.put(module.name(), new Wanted(module.version(), featuresXml(module)));
            }
        }
        return desired;
    }

    Path featuresXml(InstalledModule module) {
        String path = ArtifactPaths.ofMavenUrl(ModuleRelease.featuresUrl(module.groupId(), module.name(), module.version()));
        return sync.cacheFolder().resolve(path);
    }

    Set<String> managed() throws SQLException {
        Set<String> names = ledger.modules().stream().map(InstalledModule::name).collect(Collectors.toCollection(HashSet::new));
        for (Operation operation : ledger.unfinished()) {
            names.add(operation.module());
        }
        return names;
    }

    /** Brings {@code module} back to {@code wanted} (null: not running); null when that worked, else why not. */
    String restore(String module, Wanted wanted) {
        try {
            String running = deployer.deployed(Set.of(module)).get(module);
            // Bounded too: the release being removed may be the one whose code blocks (at boot, in
            // the framework's start-level thread).
            var bundles = bundlesOf(module, running, wanted == null ? null : wanted.version());
            if (wanted == null) {
                if (running != null) {
                    ModuleThreads.bounded(module + " " + running, settings.healthTimeout(), bundles,
                            () -> deployer.uninstall(module, running));
                }
                return null;
            }
            if (running == null || !sameVersion(running, wanted.version())) {
                ModuleThreads.bounded(module + " " + wanted.version(), settings.healthTimeout(), bundles,
                        () -> deployer.install(module, wanted.version(), wanted.featuresXml()));
            }
            health.await(module, deployer.feature(module, wanted.version()), settings.healthTimeout());
            return null;
        } catch (Exception e) {
            LOG.error("Could not restore the previous state of {}: {}", module, FailureReasons.of(e), e);
            return FailureReasons.of(e);
        }
    }

    /** The bundles of {@code module}'s {@code versions} (nulls ignored) installed at the moment it is asked. */
    java.util.function.Supplier<java.util.Collection<org.osgi.framework.Bundle>> bundlesOf(String module,
            String... versions) {
        return () -> {
            List<org.osgi.framework.Bundle> all = new java.util.ArrayList<>();
            for (String version : versions) {
                if (version != null) {
                    try {
                        all.addAll(health.bundlesOf(deployer.feature(module, version)));
                    } catch (Exception e) {
                        // A version Karaf no longer knows has no bundles.
                    }
                }
            }
            return all;
        };
    }

    void forgetUnusedRepositories() {
        try {
            Set<Path> kept = new HashSet<>();
            desired().values().forEach(w -> kept.add(w.featuresXml()));
            deployer.forgetRepositoriesExcept(kept);
        } catch (Exception e) {
            LOG.warn("Could not tidy the module features repositories: {}", FailureReasons.of(e));
        }
    }

    static boolean sameVersion(String a, String b) {
        return Catalogue.osgiVersion(a).equals(Catalogue.osgiVersion(b));
    }
}
