package be.imio.platform.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

/**
 * The next version of a publisher's role ({@code publisher-ACCOUNT}): targets metadata, signed by the
 * publisher's key, pinning every file the publisher released by its Maven path, length and SHA-256.
 * It keeps what the published role pins and adds the files just deployed. What the repository
 * serves as the published role is taken only when the publisher's own key signed it, or, after the
 * publisher replaced its key, when it is exactly the role the publisher last signed with its
 * previous key (its SHA-256, which the plugin prints at each signing): a repository that served
 * another list, or a thief who signed one with a stolen previous key, would otherwise have the
 * publisher sign it. Its version is the clock in milliseconds when that is above the published
 * one, so that a repository put back from a backup still gets a version above all hosts saw.
 */
final class PublisherRole {

    /** How long a role stays valid; the repository refuses more than 400 days. */
    static final Duration LIFETIME = Duration.ofDays(365);

    private PublisherRole() {
    }

    /**
     * The role after {@code published} (null: the publisher has none yet) with {@code files} added,
     * one version up, valid {@link #LIFETIME} from {@code now}, signed by {@code key}.
     *
     * @param previousRole the SHA-256 of the role the publisher last signed with a previous key, to
     *     carry over after a key change; null otherwise
     * @throws MetadataException when {@code published} is neither signed by {@code key} nor the role {@code previousRole} names
     */
    static SignedMetadata next(SignedMetadata published, Collection<Target> files, SigningKey key, String previousRole,
            Instant now) throws MetadataException {
        Map<String, Target> all = new TreeMap<>();
        long version = Math.max(1, now.toEpochMilli());
        if (published != null) {
            checkOwn(published, key.publicKey(), previousRole);
            all.putAll(MetadataDocuments.targetsOf(published));
            version = Math.max(published.version() + 1, now.toEpochMilli());
        }
        for (Target file : files) {
            all.put(file.path(), file);
        }
        return SignedMetadata.sign(MetadataDocuments.targets(version, now.plus(LIFETIME), all.values()), List.of(key));
    }

    private static void checkOwn(SignedMetadata published, VerifyingKey key, String previousRole)
            throws MetadataException {
        if (published.isSignedBy(key)
                || previousRole != null && previousRole.equalsIgnoreCase(Digests.sha256Hex(published.toBytes()))) {
            return;
        }
        throw new MetadataException("the role the repository serves (version " + published.version() + ", SHA-256 "
                + Digests.sha256Hex(published.toBytes()) + ") is not signed by your key: refusing to sign what it lists."
                + " After replacing your key, give the SHA-256 of the role you last signed with the previous one"
                + " (-Dimio.signing.previousRole=...), as printed then, and only if it is that one");
    }

    /** Whether {@code fileName}, of {@code main} ({@code artifact-version}), is one the repository keeps beside a release, unsigned. */
    static boolean isCompanion(String fileName, String main) {
        String withoutSignature = fileName.endsWith(".asc") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return fileName.endsWith(".asc") || withoutSignature.equals(main + "-sources.jar")
                || withoutSignature.equals(main + "-javadoc.jar");
    }

    /** The Maven path of a deployed file: {@code group/as/path/artifact/version/artifact-version[-classifier].extension}. */
    static String path(String groupId, String artifactId, String version, String classifier, String extension) {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    }

    /** {@code file}, deployed as {@code path}, pinned by its length and SHA-256. */
    static Target target(String path, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }
}
