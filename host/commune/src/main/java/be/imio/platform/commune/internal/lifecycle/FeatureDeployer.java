package be.imio.platform.commune.internal.lifecycle;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;

import be.imio.platform.trust.FeaturesPolicy;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;

/**
 * Makes Karaf run a module at a version, through its FeaturesService, from the module's verified
 * features XML. Installing with {@code Upgrade} replaces the running version in one deployment:
 * Karaf installs the new bundles, removes the old ones and refreshes only the bundles whose wiring
 * must change; with {@code Verbose} it logs which. Every call returns once Karaf is done.
 */
public final class FeatureDeployer implements KarafModules {

    private static final Pattern REQUIREMENT = Pattern.compile("feature:([^/]+)/\\[([^,]+),([^\\]]+)\\]");
    private static final EnumSet<FeaturesService.Option> UPGRADE =
            EnumSet.of(FeaturesService.Option.Upgrade, FeaturesService.Option.Verbose);

    /** Features repositories one install may name, nested ones included: beyond, it is refused. */
    private static final int MAX_REPOSITORIES = 20;

    private final FeaturesService features;
    private final Path verified;

    FeatureDeployer(FeaturesService features, Path verified) {
        this.features = features;
        this.verified = verified.toAbsolutePath().normalize();
    }

    /**
     * Runs {@code module} at {@code version} instead of any other version it runs now, from a
     * features XML of the verified cache only, which is checked again here, with the features
     * repositories it names, whatever path brought it (an operation, or the recovery at start):
     * Karaf would honour anything they say.
     *
     * @throws ModuleArtifacts.Refused when an XML is outside the cache or not allowed
     */
    @Override
    public void install(String module, String version, Path featuresXml) throws Exception {
        know(featuresXml);
        features.installFeature(module, version, UPGRADE);
    }

    /**
     * Has Karaf know the features repository {@code featuresXml} (checked as {@link #install}
     * checks it) without installing anything, so that its features can be read before.
     */
    @Override
    public void know(Path featuresXml) throws Exception {
        Path xml = featuresXml.toAbsolutePath().normalize();
        check(xml, new java.util.HashSet<>());
        URI repository = xml.toUri();
        if (features.getRepository(repository) == null) {
            features.addRepository(repository, false);
        }
    }

    /** Checks {@code xml} and, once each, the features repositories it names (Karaf loads them too). */
    private void check(Path xml, Set<Path> checked) throws Exception {
        Path relative = xml.startsWith(verified) ? verified.relativize(xml) : null;
        if (relative == null || relative.getNameCount() < 4 || !java.nio.file.Files.isRegularFile(xml)) {
            throw new ModuleArtifacts.Refused(Message.of("cause.features-outside-cache"), ": " + xml);
        }
        if (!checked.add(xml)) {
            return;
        }
        if (checked.size() > MAX_REPOSITORIES) {
            throw new ModuleArtifacts.Refused(Message.of("cause.too-many-nested", MAX_REPOSITORIES));
        }
        // The cache follows the Maven layout: group/as/folders/artifact/version/file.
        int n = relative.getNameCount();
        String groupId = relative.subpath(0, n - 3).toString().replace(relative.getFileSystem().getSeparator(), ".");
        List<FeaturesPolicy.Reference> references = ModuleArtifacts.recheck(xml, groupId, relative.getName(n - 3).toString());
        refusePlatformFeatures(xml);
        for (FeaturesPolicy.Reference reference : references) {
            if (reference.featuresRepository()) {
                check(verified.resolve(reference.path()).normalize(), checked);
            }
        }
    }

    /**
     * Refuses a features XML that defines a feature the platform defines too (scr, http...): with
     * its repository added, Karaf could pick the module's for any module that depends on that name.
     */
    private void refusePlatformFeatures(Path xml) throws Exception {
        org.w3c.dom.Element root = be.imio.platform.trust.SafeXml.parse(xml).getDocumentElement();
        for (org.w3c.dom.Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof org.w3c.dom.Element feature && "feature".equals(feature.getLocalName())) {
                String name = feature.getAttribute("name").strip();
                Feature[] same = features.getFeatures(name);
                for (Feature other : same == null ? new Feature[0] : same) {
                    String url = other.getRepositoryUrl();
                    if (url == null || !isModuleRepository(URI.create(url))) {
                        throw new ModuleArtifacts.Refused(Message.of("cause.platform-feature", name));
                    }
                }
            }
        }
    }

    /** Stops running {@code module}; its bundles go, its data stays. */
    @Override
    public void uninstall(String module, String version) throws Exception {
        features.uninstallFeature(module, version, EnumSet.of(FeaturesService.Option.Verbose));
    }

    /**
     * Forgets the features repositories of module versions no longer wanted; their verified files
     * stay in the cache, so that a rollback needs no network.
     */
    @Override
    public void forgetRepositoriesExcept(Set<Path> kept) throws Exception {
        Set<URI> keep = new java.util.HashSet<>();
        kept.forEach(p -> keep.add(p.toAbsolutePath().normalize().toUri()));
        for (Repository repository : features.listRepositories()) {
            URI uri = repository.getURI();
            if (isModuleRepository(uri) && !keep.contains(uri)) {
                features.removeRepository(uri, false);
            }
        }
    }

    /** The modules Karaf is asked to run now, among {@code managed}, with their versions. */
    @Override
    public Map<String, String> deployed(Set<String> managed) {
        Map<String, String> versions = new HashMap<>();
        features.listRequirements().getOrDefault(FeaturesService.ROOT_REGION, Set.of()).forEach(requirement -> {
            Matcher m = REQUIREMENT.matcher(requirement);
            if (m.matches() && managed.contains(m.group(1)) && m.group(2).equals(m.group(3))) {
                versions.put(m.group(1), m.group(2));
            }
        });
        return versions;
    }

    @Override
    public Feature feature(String name, String version) throws Exception {
        return features.getFeature(name, version);
    }

    private boolean isModuleRepository(URI uri) {
        return "file".equals(uri.getScheme()) && Path.of(uri).toAbsolutePath().normalize().startsWith(verified);
    }
}
