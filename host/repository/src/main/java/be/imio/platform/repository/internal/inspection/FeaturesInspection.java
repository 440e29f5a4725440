package be.imio.platform.repository.internal.inspection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.FeaturesPolicy;
import be.imio.platform.trust.PolicyViolation;
import be.imio.platform.trust.SafeXml;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.repository.internal.release.ModuleMembers;

/**
 * Checks an uploaded Karaf features XML: well-formed (no DOCTYPE, no external entities), within
 * {@link FeaturesPolicy} (no element that can fetch or write what targets do not pin, no dependency
 * on a feature that opens the host), and every bundle or features repository it names is an
 * {@code mvn:} artifact of the publisher's namespaces already released here. A
 * host then installs a module from artifacts the repository pinned, never from a URL nobody checked.
 */
public final class FeaturesInspection {

    /**
     * What an accepted features XML declares: the features its module depends on, the module
     * names it claims for its group (its artifactId and every feature it defines), and the host API
     * range its bundles need together (null when none gives one; see {@link ModuleMembers}).
     */
    public record Inspected(List<String> dependencies, Set<String> names, String hostApi) {
    }

    /** Most features one features XML may define: a module and a few variants, not a land grab. */
    static final int MAX_FEATURES = 20;

    public static final java.util.regex.Pattern FEATURE_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    private FeaturesInspection() {
    }

    /** The refusal of a document whose only fault is naming a bundle not released yet. */
    public static final String NOT_RELEASED = "not_released_here";

    /**
     * Checks the document of the artifact {@code maven}, released by a publisher of
     * {@code namespaces}: every artifact it names must be in them and released ({@code released}
     * tells whether a repository path is), every feature it depends on allowed by
     * {@link FeaturesPolicy#checkDependencies}, a module's only when {@code owners} (module name to
     * owning group) gives it to a group of those namespaces, and the bundles it lists, read from
     * {@code jars} (repository path to the jar's file), must serve its module ({@link ModuleMembers}).
     */
    public static Inspected inspect(Path xml, MavenPath maven, Predicate<String> released, Set<String> namespaces,
            java.util.function.Function<String, String> owners, java.util.function.Function<String, Path> jars)
            throws ReleaseRefused, java.io.IOException {
        Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (Exception e) {
            throw refused("bad_features", "release.features_not_xml");
        }
        int defined = children(document.getDocumentElement(), "feature").size();
        if (defined > MAX_FEATURES) {
            // Each feature is a module name the group takes from every other publisher.
            throw refused("too_many_features", "release.too_many_features", defined, MAX_FEATURES);
        }
        List<FeaturesPolicy.Reference> references;
        try {
            references = FeaturesPolicy.check(document, maven.groupId(), maven.artifactId());
        } catch (PolicyViolation v) {
            throw ReleaseRefused.of(v, 400);
        }
        try {
            // A feature of another module may be needed only when a group of the publisher's owns it.
            FeaturesPolicy.checkDependencies(document, name -> {
                String owner = owners.apply(name);
                return owner != null && BundleInspection.inNamespace(owner, namespaces);
            });
        } catch (PolicyViolation v) {
            throw ReleaseRefused.of(v, 400);
        }
        for (FeaturesPolicy.Reference reference : references) {
            MavenPath named = MavenPath.ofVersionFile(reference.path());
            if (named == null || !BundleInspection.inNamespace(named.groupId(), namespaces)) {
                // Another group's bundle would run as part of this module: another module's pages,
                // migrations and health, under this publisher's release.
                String group = named == null ? reference.url() : named.groupId();
                throw new ReleaseRefused(403, "outside_namespace", "release.features_outside_namespace", reference.url(),
                        group, namespaces);
            }
        }
        Set<String> names = names(document, maven.artifactId());
        for (String name : names) {
            if (!FEATURE_NAME.matcher(name).matches()) {
                throw refused("bad_feature_name", "release.bad_feature_name", name);
            }
        }
        // Last, so that a document refused for this reason only is otherwise right: the release
        // desk keeps such a one until its bundles arrive (see PendingFeatures).
        for (FeaturesPolicy.Reference reference : references) {
            if (!released.test(reference.path())) {
                throw refused(NOT_RELEASED, "release.not_released_here", reference.url());
            }
        }
        List<String> bundles = references.stream().filter(r -> !r.featuresRepository())
                .map(FeaturesPolicy.Reference::path).toList();
        String hostApi = ModuleMembers.check(maven.artifactId(), bundles, jars);
        return new Inspected(dependencies(document, maven.artifactId()), names, hostApi);
    }

    /** The module names a features XML of {@code artifactId} claims: that artifactId and every feature it defines. */
    public static Set<String> names(Document document, String artifactId) {
        Set<String> names = new LinkedHashSet<>();
        names.add(artifactId);
        for (Element feature : children(document.getDocumentElement(), "feature")) {
            names.add(feature.getAttribute("name").strip());
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    /**
     * The features nested in the top-level feature named {@code module} (the feature a host
     * installs), as {@code name} or {@code name/version}: what commune staff see the module needs,
     * such as scr. None when the document has no such feature; the host refuses it then.
     */
    static List<String> dependencies(Document document, String module) {
        Set<String> names = new LinkedHashSet<>();
        for (Element feature : children(document.getDocumentElement(), "feature")) {
            if (module.equals(feature.getAttribute("name"))) {
                for (Element needed : children(feature, "feature")) {
                    String name = needed.getTextContent().strip();
                    String version = needed.getAttribute("version").strip();
                    if (!name.isEmpty()) {
                        names.add(version.isEmpty() ? name : name + "/" + version);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                children.add(element);
            }
        }
        return children;
    }

    /** {@code mvn:g/a/v[/type[/classifier]]} as a path of the Maven layout; null when it is no such URL. */
    static String repositoryPath(String url) {
        String path = ArtifactPaths.ofMavenUrl(url);
        return path != null && MavenPath.safe(path) ? path : null;
    }

    private static ReleaseRefused refused(String code, String key, Object... arguments) {
        return new ReleaseRefused(400, code, key, arguments);
    }

}
