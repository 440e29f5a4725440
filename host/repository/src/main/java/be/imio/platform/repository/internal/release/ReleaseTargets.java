package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.RequiredUpdate;
import be.imio.platform.trust.Rollout;
import be.imio.platform.trust.Target;

/**
 * What signed targets metadata lists for a set of releases: every released file, and for each
 * module release that tells people something, the texts file of {@link ReleaseAbout}. The texts
 * files are derived from the releases, so they are written (when missing or damaged) before a
 * targets document that pins them is published, and the same releases always give the same targets.
 *
 * <p>A release never changes its texts, so each texts file is made once and remembered (by the
 * release's path and texts); a repository with many releases does not serialise them all again
 * at each upload.
 */
public final class ReleaseTargets {

    private record Made(String about, Target target, byte[] bytes) {
    }

    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final Supplier<Map<String, Rollout>> rollouts;
    private final Supplier<Map<String, RequiredUpdate>> required;

    /** Targets without rollouts nor deadlines. */
    public ReleaseTargets() {
        this(Map::of, Map::of);
    }

    /**
     * Targets whose module releases carry their rollout and their deadline, {@code rollouts} and
     * {@code required} answering them by {@code group:artifact:version} at each signing
     * ({@link Rollout}, {@link RequiredUpdate}).
     */
    public ReleaseTargets(Supplier<Map<String, Rollout>> rollouts, Supplier<Map<String, RequiredUpdate>> required) {
        this.rollouts = rollouts;
        this.required = required;
    }

    /** The targets of {@code releases}, texts files included; writes nothing. */
    public List<Target> of(Collection<Release> releases) {
        List<Target> targets = new ArrayList<>();
        Map<String, Rollout> rolling = rollouts.get();
        Map<String, RequiredUpdate> deadlines = required.get();
        for (Release release : releases) {
            if (release.isCompanion()) {
                continue;
            }
            Target target = release.toTarget();
            String key = release.groupId() + ":" + release.artifactId() + ":" + release.version();
            Rollout rollout = rolling.get(key);
            RequiredUpdate deadline = deadlines.get(key);
            if (release.path().endsWith(Release.FEATURES_SUFFIX)) {
                // On the features XML, which is what a host reads a module release from.
                if (rollout != null) {
                    target.custom().set("rollout", rollout.toJson());
                }
                if (deadline != null) {
                    target.custom().set("required", deadline.toJson());
                }
            }
            targets.add(target);
            if (hasTexts(release)) {
                targets.add(texts(release).target());
            }
        }
        return targets;
    }

    /**
     * Writes into {@code files} (the repository's Maven layout) the texts file of every release of
     * {@code releases} that has one and whose file is missing or of another length, then answers
     * their targets.
     */
    List<Target> publish(Collection<Release> releases, Path files) throws IOException {
        for (Release release : releases) {
            if (hasTexts(release)) {
                Made texts = texts(release);
                Path file = files.resolve(texts.target().path());
                if (!Files.isRegularFile(file) || Files.size(file) != texts.bytes().length) {
                    write(file, texts.bytes());
                }
            }
        }
        return of(releases);
    }

    private Made texts(Release release) {
        Made known = made.get(release.path());
        if (known != null && known.about().equals(release.about())) {
            return known;
        }
        byte[] bytes = ReleaseAbout.fileBytes(release.path(), release.about());
        Made texts = new Made(release.about(), textsTarget(release, bytes), bytes);
        made.put(release.path(), texts);
        return texts;
    }

    /** The account a target counts against: who released it (texts files: who released their module). */
    public static String publisherOf(Target target) {
        return target.custom().path("releasedBy").asText("");
    }

    private static boolean hasTexts(Release release) {
        return release.about() != null && release.path().endsWith(Release.FEATURES_SUFFIX);
    }

    private static Target textsTarget(Release release, byte[] bytes) {
        ObjectNode custom = JsonNodeFactory.instance.objectNode();
        custom.put("groupId", release.groupId()).put("artifactId", release.artifactId()).put("version", release.version())
                .put("aboutOf", release.path()).put("releasedBy", release.releasedBy());
        return new Target(ReleaseAbout.pathOf(release.path()), bytes.length, Digests.sha256Hex(bytes), custom);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
