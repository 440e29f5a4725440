package be.imio.platform.commune.internal.sync;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.RequiredUpdate;
import be.imio.platform.trust.Rollout;
import be.imio.platform.trust.Target;
import be.imio.platform.commune.api.ModuleId;

/**
 * One version of a module offered by the repository: its features XML, pinned by the signed
 * targets, and what the repository says about it. A module is named after the artifact of its
 * features XML, which holds a feature of the same name; it is identified by its group and that name
 * ({@link #id()}), both read from the path the targets pin, not only from what the entry says.
 * {@code rollout} and {@code required} are iMio's staged rollout of the release and its deadline,
 * from the signed entry, or null.
 */
public record ModuleRelease(String name, String groupId, String version, Target features, String channel,
        boolean revoked, String revokedReason, String releasedBy, String releasedAt, String hostApi, Rollout rollout,
        RequiredUpdate required) {

    /**
     * What a {@code rollout} field that does not read stands for: a rollout halted before any ring,
     * so that no host takes the release by itself (failing closed).
     */
    static final Rollout UNREADABLE_ROLLOUT = new Rollout(-1, Rollout.State.HALTED, 0,
            java.util.List.of(new Rollout.Ring(java.util.List.of(), 0)));

    static final String FEATURES_SUFFIX = "-features.xml";

    /** The release a target stands for, or null when the target is no module's features XML. */
    static ModuleRelease of(Target target) {
        var custom = target.custom();
        String groupId = custom.path("groupId").asText("");
        String artifactId = custom.path("artifactId").asText("");
        String version = custom.path("version").asText("");
        // The entry's group and artifact must be those of the path it pins: a module is never
        // filed under another group than the one its files are released in.
        if (!groupId.matches(ModuleId.PART) || !artifactId.matches(ModuleId.PART) || version.isEmpty()
                || !target.path().equals(groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/"
                        + artifactId + "-" + version + FEATURES_SUFFIX)) {
            return null;
        }
        Rollout rollout;
        try {
            rollout = Rollout.of(custom);
        } catch (MetadataException e) {
            rollout = UNREADABLE_ROLLOUT;
        }
        RequiredUpdate required;
        try {
            required = RequiredUpdate.of(custom);
        } catch (MetadataException e) {
            // A requirement changes what runs without anyone asking: acted on only when it reads whole.
            required = null;
        }
        return new ModuleRelease(artifactId, groupId, version, target,
                custom.path("channel").asText("testing"), custom.path("revoked").asBoolean(false),
                custom.path("revokedReason").asText(null), custom.path("releasedBy").asText(null),
                custom.path("releasedAt").asText(null), custom.path("hostApi").asText(null), rollout, required);
    }

    public ModuleId id() {
        return new ModuleId(groupId, name);
    }

    ModuleRelease withHostApi(String range) {
        return new ModuleRelease(name, groupId, version, features, channel, revoked, revokedReason, releasedBy,
                releasedAt, range, rollout, required);
    }

    /** {@code mvn:group/artifact/version/xml/features}, how Karaf names this features repository. */
    public String featuresUrl() {
        return featuresUrl(groupId, name, version);
    }

    public static String featuresUrl(String groupId, String module, String version) {
        return "mvn:" + groupId + "/" + module + "/" + version + "/xml/features";
    }
}
