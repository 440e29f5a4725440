package be.imio.platform.repository.internal.release;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

/**
 * One released file, as recorded in {@code REPOSITORY_RELEASE} and pinned in targets metadata.
 * {@code about} is what the release tells people, as kept by {@link ReleaseAbout}, or null.
 */
public record Release(String path, String groupId, String artifactId, String version, String symbolicName,
        String hostApiRange, String about, long length, String sha256, String channel, String releasedBy,
        String releasedFrom, Instant releasedAt, String revokedReason, Instant revokedAt) {

    /** Testing first; promotion to stable is an explicit act. */
    static final String FIRST_CHANNEL = "testing";
    public static final String STABLE = "stable";
    public static final String FEATURES_SUFFIX = "-features.xml";

    /**
     * True for a file kept beside a version's artifacts for people and tools, never installed by a
     * host: {@code MAIN-sources.jar}, {@code MAIN-javadoc.jar}, and the {@code .asc} signature of
     * any file of the version ({@code main} is {@code artifactId-version}). They are released
     * (kept, counted in the publisher's storage, never replaced) but not listed in targets metadata.
     */
    public static boolean isCompanion(String fileName, String main) {
        String signed = fileName.endsWith(".asc") ? fileName.substring(0, fileName.length() - 4) : null;
        if (signed != null) {
            return signed.equals(main + ".jar") || signed.equals(main + ".pom") || signed.equals(main + FEATURES_SUFFIX)
                    || signed.equals(main + ".kar") || !signed.endsWith(".asc") && isCompanion(signed, main);
        }
        return fileName.equals(main + "-sources.jar") || fileName.equals(main + "-javadoc.jar");
    }

    /**
     * The one rule for the names of a version's files ({@code main} is {@code artifactId-version}),
     * whether uploaded alone or carried by a .kar: {@code MAIN.jar}, {@code MAIN.pom},
     * {@code MAIN-features.xml}, {@code MAIN.kar} (uploaded alone only: an archive carries no
     * archive) and the {@link #isCompanion companions}. Nothing else: no classifier jar or pom, no
     * second features XML.
     */
    public static boolean isVersionFile(String fileName, String main, boolean carried) {
        return fileName.equals(main + ".jar") || fileName.equals(main + ".pom") || fileName.equals(main + FEATURES_SUFFIX)
                || !carried && fileName.equals(main + ".kar") || isCompanion(fileName, main);
    }

    /** True for a {@link #isCompanion companion} file's release. */
    public boolean isCompanion() {
        return isCompanion(path.substring(path.lastIndexOf('/') + 1), artifactId + "-" + version);
    }

    Target toTarget() {
        ObjectNode custom = JsonNodeFactory.instance.objectNode();
        custom.put("groupId", groupId).put("artifactId", artifactId).put("version", version)
                .put("channel", channel).put("releasedBy", releasedBy).put("releasedAt", releasedAt.toString());
        if (symbolicName != null) {
            custom.put("symbolicName", symbolicName);
        }
        if (hostApiRange != null && !hostApiRange.isEmpty()) {
            custom.put("hostApi", hostApiRange);
        }
        if (about != null && path.endsWith(FEATURES_SUFFIX)) {
            // The texts are a target of their own (see ReleaseAbout), so that what publishers write
            // does not make the targets document every host downloads grow; the copy kept with the
            // bundle is what the features XML takes them from, and is not published at all.
            custom.put("about", ReleaseAbout.pathOf(path));
        }
        if (revokedAt != null) {
            custom.put("revoked", true).put("revokedReason", revokedReason).put("revokedAt", revokedAt.toString());
        }
        return new Target(path, length, sha256, custom);
    }
}
