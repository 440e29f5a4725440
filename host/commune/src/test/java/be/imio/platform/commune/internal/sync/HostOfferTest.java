package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;
import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.OfferedRelease;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.settings.HostConfig;

/** What a host may install: its channel, revocations and the host API, the same for every view. */
class HostOfferTest {

    private static final ModuleId COURRIER = new ModuleId("be.imio.platform", "courrier");
    private final Map<String, Target> targets = new LinkedHashMap<>();

    private void release(ModuleId module, String version, String channel, String hostApi, boolean revoked) {
        String path = module.groupId().replace('.', '/') + "/" + module.name() + "/" + version + "/" + module.name() + "-"
                + version + "-features.xml";
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("groupId", module.groupId())
                .put("artifactId", module.name()).put("version", version).put("channel", channel)
                .put("revoked", revoked);
        if (hostApi != null) {
            custom.put("hostApi", hostApi);
        }
        targets.put(path, new Target(path, bytes.length, Digests.sha256Hex(bytes), custom));
    }

    private HostOffer offer(String channel) {
        return offer(channel, "");
    }

    private HostOffer offer(String channel, String hostId) {
        HostSettings settings = new HostSettings();
        settings.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getName().equals("channel") ? channel
                        : method.getName().equals("hostId") ? hostId : method.getDefaultValue()));
        Catalogue catalogue = new Catalogue(targets);
        return new HostOffer(() -> catalogue, settings, new Version(1, 5, 0));
    }

    private static List<String> versions(List<ModuleRelease> releases) {
        return releases.stream().map(ModuleRelease::version).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stable", "testing", "TESTING ", "nonsense"})
    void aReleaseIsInstallableOnItsChannelUnrevokedAndForThisHostsApi(String channel) {
        release(COURRIER, "1.0.0", "stable", "[1.4,2)", false);
        release(COURRIER, "1.1.0", "stable", "[1.4,2)", true);
        release(COURRIER, "1.2.0", "stable", "[1.6,2)", false);
        release(COURRIER, "1.3.0", "testing", "[1.4,2)", false);
        release(new ModuleId("aa.evil", "courrier"), "9.0.0", "stable", null, false);
        HostOffer offer = offer(channel);
        boolean testing = channel.strip().equalsIgnoreCase("testing");

        assertEquals(testing ? List.of("1.3.0", "1.2.0", "1.1.0", "1.0.0") : List.of("1.2.0", "1.1.0", "1.0.0"),
                versions(offer.listed(COURRIER)), "listed: on the channel, revoked and incompatible ones included");
        assertEquals(testing ? List.of("1.3.0", "1.0.0") : List.of("1.0.0"), versions(offer.installable(COURRIER)),
                "installable: neither revoked nor made for a newer host");
        assertEquals(Optional.of(testing ? "1.3.0" : "1.0.0"), offer.newest(COURRIER).map(ModuleRelease::version));
        ModuleRelease incompatible = offer.listed(COURRIER).stream().filter(r -> r.version().equals("1.2.0")).findFirst()
                .orElseThrow();
        assertTrue(offer.listed(incompatible));
        assertFalse(offer.compatible(incompatible));
        assertFalse(offer.installable(incompatible));

        // The catalogue service answers the same: each module with its listed releases, flags set.
        List<CatalogueModule> modules = HostCatalogue.modules(new Catalogue(targets), offer);
        CatalogueModule courrier = modules.stream().filter(m -> m.id().equals(COURRIER)).findFirst().orElseThrow();
        assertEquals(versions(offer.listed(COURRIER)), courrier.releases().stream().map(OfferedRelease::version).toList());
        assertEquals(versions(offer.installable(COURRIER)), courrier.releases().stream().filter(OfferedRelease::installable)
                .map(OfferedRelease::version).toList());
        assertEquals(Optional.of(testing ? "1.3.0" : "1.0.0"), courrier.newestInstallable().map(OfferedRelease::version));
        assertEquals(List.of("[1.6,2)"), courrier.releases().stream().filter(r -> !r.compatible())
                .map(OfferedRelease::hostApi).toList());
    }

    /** A staged rollout, signed in the release's targets, keeps it from the hosts its rings have not reached. */
    @org.junit.jupiter.api.Test
    void aReleaseRollingOutIsTakenByItselfOnlyByTheHostsOfTheRingsReached() {
        release(COURRIER, "1.0.0", "stable", null, false);
        release(COURRIER, "1.1.0", "stable", null, false);
        String path = "be/imio/platform/courrier/1.1.0/courrier-1.1.0-features.xml";
        ObjectNode custom = (ObjectNode) targets.get(path).custom();
        custom.set("rollout", new be.imio.platform.trust.Rollout(4, be.imio.platform.trust.Rollout.State.RUNNING, 0,
                List.of(new be.imio.platform.trust.Rollout.Ring(List.of("namur"), 0),
                        new be.imio.platform.trust.Rollout.Ring(List.of(), 100))).toJson());

        assertEquals(Optional.of("1.1.0"), offer("stable", "namur").newest(COURRIER).map(ModuleRelease::version), "the pilot");
        for (String other : new String[] {"liege", ""}) {
            HostOffer offer = offer("stable", other);
            assertEquals(Optional.of("1.0.0"), offer.newest(COURRIER).map(ModuleRelease::version), "not yet on " + other);
            assertEquals(List.of("1.1.0", "1.0.0"), versions(offer.installable(COURRIER)), "a person may still choose it");
            OfferedRelease shown = HostCatalogue.offered(ModuleRelease.of(targets.get(path)), offer);
            assertEquals("running", shown.rollout(), "shown as rolling out");
        }
        assertEquals(null, HostCatalogue.offered(ModuleRelease.of(targets.get(path)), offer("stable", "namur")).rollout());

        ((ObjectNode) custom.get("rollout")).put("state", "halted");
        assertEquals(Optional.of("1.0.0"), offer("stable", "namur").newest(COURRIER).map(ModuleRelease::version),
                "halted: not even the pilot");
        custom.put("rollout", "everyone");
        assertEquals(Optional.of("1.0.0"), offer("stable", "namur").newest(COURRIER).map(ModuleRelease::version),
                "a rollout that does not read holds the release back");
        assertEquals("halted", HostCatalogue.offered(ModuleRelease.of(targets.get(path)), offer("stable", "namur")).rollout());
    }

    @org.junit.jupiter.api.Test
    void aModuleWithNoReleaseOnTheChannelIsNotOfferedAndTextsFallBackToFrench() {
        release(COURRIER, "2.0.0", "testing", null, false);
        assertEquals(List.of(), HostCatalogue.modules(new Catalogue(targets), offer("stable")));
        String path = targets.keySet().iterator().next();
        ObjectNode custom = (ObjectNode) targets.get(path).custom();
        custom.putObject("title").put("fr", "Registre du courrier").put("en", "Mail register");
        custom.putArray("dependencies").add("imio-sdk");
        OfferedRelease release = HostCatalogue.offered(ModuleRelease.of(targets.get(path)), offer("testing"));
        assertEquals("Registre du courrier", release.text("title", java.util.Locale.FRENCH));
        assertEquals("Mail register", release.text("title", java.util.Locale.ENGLISH));
        assertEquals("Registre du courrier", release.text("title", java.util.Locale.GERMAN), "no German: French");
        assertEquals("", release.text("notes", java.util.Locale.GERMAN));
        assertEquals(List.of("imio-sdk"), release.dependencies());
        custom.remove("title");
        assertEquals("courrier", HostCatalogue.offered(ModuleRelease.of(targets.get(path)), offer("testing"))
                .text("title", java.util.Locale.ENGLISH), "no title: the module's name");
    }
}
