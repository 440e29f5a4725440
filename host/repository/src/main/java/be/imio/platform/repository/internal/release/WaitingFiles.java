package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.inspection.FeaturesInspection;
import be.imio.platform.repository.internal.maven.Checksums;
import be.imio.platform.repository.internal.maven.MavenPath;

/**
 * The files an upload keeps aside until what they need is released ({@link PendingFeatures}): a
 * features XML waiting for its bundles, a pom and companions waiting for their version. Owns the
 * lock under which they are parked, tried again, listed and forgotten, so that a features XML and
 * its jar sent at the same instant never both miss each other.
 */
final class WaitingFiles {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingFiles.class);

    private final ReleaseDesk desk;
    private final PendingFeatures pending;
    /**
     * Held while a features XML is checked (and kept waiting when its bundles are missing), and
     * while a released bundle's publisher's waiting features XML are tried again.
     */
    private final Object lock = new Object();

    WaitingFiles(ReleaseDesk desk, PendingFeatures pending) {
        this.desk = desk;
        this.pending = pending;
    }

    /** The lock a release holds while it may park what it received. */
    Object lock() {
        return lock;
    }

    /**
     * True for the files that wait until their version is released ({@link #hasVersion}): its pom and
     * its companions (sources, documentation, signatures). Maven sends a version's files in any
     * order; when its jar is then refused, a pom already released would hold the version for ever
     * (the fixed pom could never replace it), and side files alone would make a version with nothing
     * in it. So they are kept aside (202), never visible, and released with the version.
     */
    static boolean waitsForItsVersion(MavenPath maven) {
        String main = maven.artifactId() + "-" + maven.version();
        return maven.fileName().equals(main + ".pom") || Release.isCompanion(maven.fileName(), main);
    }

    /**
     * True when {@code maven}'s version is released: its jar, .kar or features XML, or, with
     * {@code orPom}, its pom (a parent pom is a version by itself, released at once).
     */
    boolean hasVersion(MavenPath maven, boolean orPom) {
        String base = maven.path().substring(0, maven.path().lastIndexOf('/') + 1) + maven.artifactId() + "-"
                + maven.version();
        return desk.isReleased(base + ".jar") || desk.isReleased(base + ".kar")
                || desk.isReleased(base + Release.FEATURES_SUFFIX) || orPom && desk.isReleased(base + ".pom");
    }

    /** Keeps {@code received} aside for {@code account}, audited with {@code detail}. */
    ReleaseDesk.Outcome park(MavenPath maven, Path received, String account, String address, String detail)
            throws IOException, ReleaseRefused {
        pending.park(received, maven, account, address);
        desk.auditQuietly(account, address, maven.path(), "pending", detail);
        return ReleaseDesk.Outcome.PENDING;
    }

    /**
     * Drops what waited under {@code maven}'s path when it is now released from {@code released}:
     * sent again whole, a features XML replaces what waited under its name.
     */
    void replacedBy(MavenPath maven, Path released, String account, String address) throws IOException {
        Path waited = pending.waiting(account, maven.path());
        if (waited != null && !waited.equals(released)) {
            pending.drop(new PendingFeatures.Pending(waited, maven, account, address));
        }
    }

    /** The file {@code account} has waiting at {@code path}, read under the lock, or null. */
    byte[] bytesWaiting(String account, String path) throws IOException {
        synchronized (lock) {
            Path waiting = pending.waiting(account, path);
            return waiting == null ? null : Files.readAllBytes(waiting);
        }
    }

    /**
     * Forgets what waits for {@code maven}'s version (its pom and companions, and its features XML
     * when the jar or .kar was refused) after its jar, .kar or features XML was refused: the build
     * that sent them failed, and the next one sends its own.
     */
    void forget(String account, MavenPath maven) {
        boolean features = maven.fileName().endsWith(Release.FEATURES_SUFFIX);
        synchronized (lock) {
            try {
                for (PendingFeatures.Pending waiting : pending.of(account)) {
                    MavenPath other = waiting.maven();
                    boolean dependent = waitsForItsVersion(other)
                            || !features && other.fileName().endsWith(Release.FEATURES_SUFFIX);
                    if (dependent && other.groupId().equals(maven.groupId())
                            && other.artifactId().equals(maven.artifactId()) && other.version().equals(maven.version())) {
                        pending.drop(waiting);
                    }
                }
            } catch (IOException e) {
                LOG.warn("Could not forget what waits for {}: {}", maven.path(), e.getMessage());
            }
        }
    }

    /**
     * Tries again every features XML of {@code account} that waits for its bundles, after one of
     * the account's bundles was released: released when all its bundles now are, left waiting when
     * some still are not, dropped (and the refusal audited) when it fails otherwise. A pom or
     * companion that waits for its version is released once the version is.
     */
    void releasePending(String account) throws IOException {
        synchronized (lock) {
            // Again while something was released: a document may wait for another one (a nested repository).
            boolean released;
            do {
                released = false;
                for (PendingFeatures.Pending waiting : pending.of(account)) {
                    released |= tryPending(account, waiting);
                }
            } while (released);
        }
    }

    /** Releases {@code waiting} when it can now be; true when it was released. */
    private boolean tryPending(String account, PendingFeatures.Pending waiting) throws IOException {
        if (waitsForItsVersion(waiting.maven()) && !hasVersion(waiting.maven(), !waiting.maven().fileName()
                .endsWith(".pom"))) {
            return false;
        }
        try {
            byte[] bytes = Files.readAllBytes(waiting.file());
            UploadBody.Received file = new UploadBody.Received(bytes.length, Checksums.of(bytes, "sha256"));
            if (desk.sameAsReleased(waiting.maven().path(), file.sha256())) {
                pending.drop(waiting);
                return false;
            }
            if (new FileRelease(desk).releaseReceived(waiting.maven(), waiting.file(), file, account,
                    waiting.address(), false) == ReleaseDesk.Outcome.RELEASED) {
                pending.drop(waiting);
                return true;
            }
        } catch (ReleaseRefused refused) {
            if (!refused.code().equals(FeaturesInspection.NOT_RELEASED)) {
                pending.drop(waiting);
                desk.auditQuietly(account, waiting.address(), waiting.maven().path(), "refused",
                        refused.code() + ": " + refused.getMessage());
                LOG.warn("Features XML {} of {}, waiting for its bundles, is refused: {}",
                        waiting.maven().path(), account, refused.getMessage());

            }
        }
        return false;
    }

    /** Every file that waits for what it needs. */
    List<ReleaseDesk.Waiting> all() throws IOException {
        synchronized (lock) {
            List<ReleaseDesk.Waiting> all = new ArrayList<>();
            for (PendingFeatures.Pending p : pending.all()) {
                all.add(new ReleaseDesk.Waiting(p.account(), p.maven().path(),
                        Files.getLastModifiedTime(p.file()).toInstant(), p.address()));
            }
            return all;
        }
    }

    /**
     * Forgets what {@code account} has waiting at {@code path} (a build abandoned half way), audited
     * as {@code actor}'s; false when nothing waits there.
     */
    boolean drop(String account, String path, String actor, String address) throws IOException {
        synchronized (lock) {
            for (PendingFeatures.Pending p : pending.of(account)) {
                if (p.maven().path().equals(path)) {
                    pending.drop(p);
                    desk.auditQuietly(account, address, path, "dropped", "waiting file dropped by " + actor);
                    LOG.info("Waiting file {} of {} dropped by {}", path, account, actor);
                    return true;
                }
            }
            return false;
        }
    }
}
