package be.imio.platform.commune.internal.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.OfferedRelease;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * The catalogue as the REST API, the shell and the console read it: the verified catalogue that
 * {@link CatalogueSync} keeps, narrowed to this host's channel and judged by one {@link HostOffer}.
 */
@Component(service = {CatalogueService.class, HostCatalogue.class})
public final class HostCatalogue implements CatalogueService {

    /** The fields a release says about itself for people, each by language. */
    private static final List<String> TEXT_FIELDS = List.of("title", "description", "category", "notes");

    private final CatalogueSync sync;
    private final HostOffer offer;
    private final Version hostApi;

    @Activate
    public HostCatalogue(@Reference CatalogueSync sync, @Reference HostSettings settings) {
        this.sync = sync;
        this.hostApi = HostApiVersion.of();
        this.offer = new HostOffer(sync::catalogue, settings, hostApi);
    }

    /** What this host may install: the one answer the planner gives too. */
    public HostOffer offer() {
        return offer;
    }

    @Override
    public List<CatalogueModule> modules() {
        return modules(sync.catalogue(), offer);
    }

    @Override
    public Optional<CatalogueModule> module(ModuleId id) {
        return module(id, sync.catalogue().releases(id), offer);
    }

    @Override
    public List<OfferedRelease> releases(ModuleId id) {
        return sync.catalogue().releases(id).stream().map(release -> offered(release, offer)).toList();
    }

    @Override
    public Optional<OfferedRelease> release(ModuleId id, String version) {
        return sync.catalogue().release(id, version).map(release -> offered(release, offer));
    }

    @Override
    public List<ModuleId> named(String name) {
        return sync.catalogue().named(name);
    }

    @Override
    public SyncStatus status() {
        return sync.status();
    }

    @Override
    public boolean syncing() {
        return sync.syncing();
    }

    @Override
    public Optional<SyncStatus> syncNow() {
        return sync.trySyncNow();
    }

    @Override
    public Version hostApi() {
        return hostApi;
    }

    /** Every module of {@code catalogue} with a release {@code offer} lists, with those releases only. */
    static List<CatalogueModule> modules(Catalogue catalogue, HostOffer offer) {
        List<CatalogueModule> modules = new ArrayList<>();
        catalogue.modules().forEach((id, releases) -> module(id, releases, offer).ifPresent(modules::add));
        return modules;
    }

    private static Optional<CatalogueModule> module(ModuleId id, List<ModuleRelease> releases, HostOffer offer) {
        List<OfferedRelease> listed = releases.stream().filter(offer::listed).map(r -> offered(r, offer)).toList();
        return listed.isEmpty() ? Optional.empty()
                : Optional.of(new CatalogueModule(id, List.copyOf(Catalogue.publishers(releases)), listed));
    }

    static OfferedRelease offered(ModuleRelease release, HostOffer offer) {
        JsonNode custom = release.features().custom();
        Map<String, Map<String, String>> texts = new HashMap<>();
        for (String field : TEXT_FIELDS) {
            Map<String, String> byLanguage = new HashMap<>();
            custom.path(field).fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual()) {
                    byLanguage.put(entry.getKey(), entry.getValue().asText());
                }
            });
            texts.put(field, byLanguage);
        }
        List<String> dependencies = new ArrayList<>();
        custom.path("dependencies").forEach(d -> dependencies.add(d.asText()));
        return new OfferedRelease(release.id(), release.version(), release.channel(), release.revoked(),
                release.revokedReason(), release.releasedBy(), release.releasedAt(), release.hostApi(),
                offer.compatible(release), offer.installable(release), texts, dependencies, offer.heldBy(release));
    }
}
