package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.FeaturesPolicy;
import be.imio.platform.trust.PolicyViolation;
import be.imio.platform.trust.SafeXml;
import be.imio.platform.trust.Target;
import be.imio.platform.commune.internal.lifecycle.ModuleContents;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.WordedException;

/**
 * Brings a module release into the verified cache: its features XML, then every artifact the
 * XML names, each of which must be pinned by the signed targets, not revoked, and built for this
 * host's API, and the whole within what a module may hold ({@link ModuleContents}). Nothing is
 * installed from here; this only makes installing possible.
 */
public final class ModuleArtifacts {

    /** A release that this host must not install, with the reason for people. */
    public static final class Refused extends WordedException {
        private static final long serialVersionUID = 1L;

        public Refused(Message message) {
            super(message);
        }

        /** {@code technical}: what follows the English, untranslated ({@link be.imio.platform.commune.internal.texts.Worded#stored}). */
        public Refused(Message message, String technical) {
            super(message, technical);
        }

        /** The features XML of {@code whose} broke the host's rule {@code violation}. */
        public static Refused byPolicy(Object whose, PolicyViolation violation) {
            return new Refused(Message.of("cause.features-refused", whose, violation.code(), reason(violation)));
        }

        /** Why {@code violation} refuses a file, in each language the platform speaks, as it may be stored. */
        public static Message reason(PolicyViolation violation) {
            return Message.given(violation.words()::in);
        }

        /** A features XML that could not be parsed ({@code failure}: the parser's words, for the detail). */
        static Refused unreadable(Exception failure) {
            return new Refused(Message.of("cause.features-unreadable"), ": " + failure.getMessage());
        }
    }

    private ModuleArtifacts() {
    }

    /** Fetches and verifies everything {@code release} needs; answers the verified features XML. */
    static Path fetch(ModuleRelease release, Catalogue catalogue, VerifiedCache cache, RepositoryClient client,
            long maxBytes, Version apiVersion) throws IOException, InterruptedException, Refused {
        Path features = cache.ensure(release.features(), client, Math.min(maxBytes, 1024 * 1024));
        recheck(features, release.groupId(), release.name());
        checkFeatures(features, release, catalogue);
        for (String reference : references(features, release.name(), release.version())) {
            String path = ArtifactPaths.ofMavenUrl(reference);
            if (path == null) {
                throw new Refused(Message.of("cause.reference-not-allowed", release.name(), reference));
            }
            boolean bundle = !path.endsWith(ModuleRelease.FEATURES_SUFFIX);
            if (bundle) {
                String[] coordinates = reference.strip().substring("mvn:".length()).split("/");
                ModuleContents.checkNotAnotherModule(reference, coordinates[0], coordinates[1], release, catalogue);
            }
            Target target = catalogue.target(path).orElseThrow(() -> new Refused(Message.of(
                    "cause.not-in-signed-metadata", reference)));
            if (target.custom().path("revoked").asBoolean(false)) {
                throw new Refused(Message.of("cause.artifact-revoked", reference),
                        ": " + target.custom().path("revokedReason").asText(""));
            }
            String hostApi = target.custom().path("hostApi").asText(null);
            if (!Catalogue.compatible(hostApi, apiVersion)) {
                throw new Refused(Message.of("cause.needs-host-api", reference, hostApi, apiVersion));
            }
            Path fetched = cache.ensure(target, client, maxBytes);
            if (bundle) {
                ModuleContents.checkBundle(fetched, reference, release);
            } else {
                // A features repository the module's XML names: Karaf reads it too, and installs
                // what its features depend on when the module depends on them.
                recheck(fetched, target.custom().path("groupId").asText(""), target.custom().path("artifactId").asText(""));
                checkFeatures(fetched, release, catalogue);
            }
        }
        return features;
    }

    private static void checkFeatures(Path xml, ModuleRelease release, Catalogue catalogue) throws Refused {
        org.w3c.dom.Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (Exception e) {
            throw Refused.unreadable(e);
        }
        ModuleContents.checkFeatures(document, release, catalogue);
    }

    /**
     * Checks a verified features XML of {@code groupId:artifactId} again, as the repository did at
     * its release ({@link FeaturesPolicy}): its signature says the repository released it, not that
     * the repository's rules then were those of this host. Refuses any element that could make
     * Karaf fetch or write something the signed targets do not pin. Answers what it names.
     */
    public static List<FeaturesPolicy.Reference> recheck(Path xml, String groupId, String artifactId) throws Refused {
        try {
            return FeaturesPolicy.check(SafeXml.parse(xml), groupId, artifactId);
        } catch (PolicyViolation v) {
            throw Refused.byPolicy(groupId + ":" + artifactId, v);
        } catch (Exception e) {
            throw Refused.unreadable(e);
        }
    }

    /**
     * Every artifact named by the features XML, which must hold the feature {@code name} in
     * {@code version}.
     */
    public static List<String> references(Path xml, String name, String version) throws Refused {
        Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (Exception e) {
            throw Refused.unreadable(e);
        }
        boolean found = false;
        NodeList features = document.getElementsByTagNameNS("*", "feature");
        for (int i = 0; i < features.getLength(); i++) {
            Element feature = (Element) features.item(i);
            if (feature.getParentNode() == document.getDocumentElement() && name.equals(feature.getAttribute("name"))
                    && Catalogue.osgiVersion(version).equals(Catalogue.osgiVersion(feature.getAttribute("version")))) {
                found = true;
            }
        }
        if (!found) {
            throw new Refused(Message.of("cause.feature-missing", name, version));
        }
        List<String> references = new ArrayList<>();
        for (String tag : new String[] {"bundle", "configfile", "repository"}) {
            NodeList nodes = document.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                references.add(((Element) nodes.item(i)).getTextContent().strip());
            }
        }
        return references;
    }
}
