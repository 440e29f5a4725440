package be.imio.platform.commune.internal.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.w3c.dom.Document;

import be.imio.platform.trust.ArchiveLayout;
import be.imio.platform.trust.FeaturesPolicy;
import be.imio.platform.trust.ManifestPolicy;
import be.imio.platform.trust.PolicyViolation;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.sync.ModuleRelease;

/**
 * What a module release may hold, checked by the host on the verified files before Karaf reads
 * them, whatever the repository let through (its rules may be older, or it may be in the wrong
 * hands): the module's features XML names no other module's bundle and depends on no feature
 * that opens the host, and each of its bundles is a jar that reads one way only
 * ({@link ArchiveLayout}) and whose manifest, the one Karaf reads, names a symbolic name of the
 * module's own group and wires into nothing outside it ({@link ManifestPolicy}: an export of the
 * platform's API makes Karaf refresh the host's own bundles). Each refusal says why, in French and
 * English.
 */
public final class ModuleContents {

    private ModuleContents() {
    }

    /**
     * Refuses the features XML {@code xml} of {@code release} when it depends on a feature the
     * platform does not give modules ({@link FeaturesPolicy#checkDependencies}; a module of the
     * same group in {@code catalogue} is allowed), or names a bundle that is the main artifact of
     * another module the catalogue knows: that module's pages, migrations and health would run as
     * part of this one.
     */
    public static void checkFeatures(Document xml, ModuleRelease release, Catalogue catalogue) throws ModuleArtifacts.Refused {
        ModuleId own = release.id();
        try {
            FeaturesPolicy.checkDependencies(xml, name -> catalogue.modules().containsKey(new ModuleId(own.groupId(),
                    name)));
        } catch (PolicyViolation v) {
            throw ModuleArtifacts.Refused.byPolicy(own, v);
        } catch (IllegalArgumentException e) {
            throw new ModuleArtifacts.Refused(Message.of("cause.invalid-dependency", own));
        }
    }

    /**
     * Refuses {@code bundle}, named {@code reference} in the features XML of {@code release}, when it
     * is the main artifact of another module of {@code catalogue} ({@code groupId}/{@code artifactId}
     * of the reference).
     */
    public static void checkNotAnotherModule(String reference, String groupId, String artifactId, ModuleRelease release,
            Catalogue catalogue) throws ModuleArtifacts.Refused {
        ModuleId named;
        try {
            named = new ModuleId(groupId, artifactId);
        } catch (IllegalArgumentException e) {
            return; // no module has such an id
        }
        if (!named.equals(release.id()) && catalogue.modules().containsKey(named)) {
            throw new ModuleArtifacts.Refused(Message.of("cause.contains-another-module", release.id(), reference, named));
        }
    }

    /**
     * Refuses the verified jar {@code jar} ({@code reference} in the features XML of
     * {@code release}) unless it reads one way only and its manifest names a symbolic name in the
     * namespace of the module's group and wires into that namespace only.
     */
    public static void checkBundle(Path jar, String reference, ModuleRelease release) throws ModuleArtifacts.Refused {
        String groupId = release.groupId();
        try {
            ArchiveLayout.check(jar);
            Manifest manifest;
            List<String> entries;
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                manifest = file.getManifest();
                entries = file.stream().map(java.util.zip.ZipEntry::getName).toList();
            }
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            String symbolicName = name == null ? "" : name.split(";", 2)[0].strip();
            if (!symbolicName.equals(groupId) && !symbolicName.startsWith(groupId + ".")) {
                throw new ModuleArtifacts.Refused(Message.of("cause.outside-group", reference, symbolicName, groupId,
                        release.id()));
            }
            ManifestPolicy.checkWiring(manifest.getMainAttributes(), Set.of(groupId));
            ManifestPolicy.checkExtenders(manifest.getMainAttributes(), entries);
        } catch (PolicyViolation v) {
            throw new ModuleArtifacts.Refused(Message.of("cause.bundle-refused", reference, v.code(),
                    ModuleArtifacts.Refused.reason(v)));
        } catch (IOException e) {
            throw new ModuleArtifacts.Refused(Message.of("cause.unreadable-jar", reference));
        }
    }
}
