package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.inspection.BundleInspection;
import be.imio.platform.repository.internal.inspection.FeaturesInspection;
import be.imio.platform.repository.internal.inspection.PomInspection;
import be.imio.platform.repository.internal.maven.MavenPath;

/**
 * The release of one file uploaded alone (a .kar is {@link KarRelease}'s): received into the
 * staging folder, inspected by its kind (bundle, pom, features XML, companion), then recorded and
 * signed with its move into the repository, or kept aside while what it needs is not released.
 */
final class FileRelease {

    private static final Logger LOG = LoggerFactory.getLogger(FileRelease.class);

    private final ReleaseDesk desk;

    FileRelease(ReleaseDesk desk) {
        this.desk = desk;
    }

    ReleaseDesk.Outcome release(MavenPath maven, InputStream body, long declaredLength, String account, String address)
            throws ReleaseRefused, IOException {
        long limit = ReleaseDesk.smallFile(maven) ? ReleaseDesk.MAX_POM_BYTES : ReleaseDesk.MAX_BYTES;
        if (declaredLength > limit) {
            throw new ReleaseRefused(413, "too_large", "release.file_too_large", declaredLength, limit);
        }
        Files.createDirectories(desk.staging.folder());
        Path received = Files.createTempFile(desk.staging.folder(), "upload-", ".part");
        try {
            UploadBody.Received file = UploadBody.receive(body, received, limit);
            if (desk.sameAsReleased(maven.path(), file.sha256())) {
                desk.auditQuietly(account, address, maven.path(), "unchanged", "sha256 " + file.sha256());
                return ReleaseDesk.Outcome.UNCHANGED;
            }
            if (maven.fileName().endsWith("-features.xml") || WaitingFiles.waitsForItsVersion(maven)) {
                synchronized (desk.waiting.lock()) {
                    ReleaseDesk.Outcome outcome = releaseReceived(maven, received, file, account, address, true);
                    if (outcome == ReleaseDesk.Outcome.RELEASED && maven.fileName().endsWith("-features.xml")) {
                        // Another document may name this one as a nested repository, and the
                        // version's pom and companions may wait for it.
                        desk.releasePending(account);
                    }
                    return outcome;
                }
            }
            ReleaseDesk.Outcome outcome = releaseReceived(maven, received, file, account, address, false);
            if (maven.fileName().endsWith(".jar")) {
                desk.releasePending(account);
            }
            return outcome;
        } finally {
            Files.deleteIfExists(received);
        }
    }

    /**
     * Checks, records and signs the file {@code received} (moved into the repository when released).
     * A features XML whose only fault is a bundle not released yet is kept waiting when
     * {@code mayWait}; the caller then holds the lock of {@link WaitingFiles}.
     */
    ReleaseDesk.Outcome releaseReceived(MavenPath maven, Path received, UploadBody.Received file, String account,
            String address, boolean mayWait) throws ReleaseRefused, IOException {
        boolean pom = maven.fileName().endsWith(".pom");
        boolean features = maven.fileName().endsWith("-features.xml");
        boolean companion = Release.isCompanion(maven.fileName(), maven.artifactId() + "-" + maven.version());
        try {
            String symbolicName = null;
            String hostApi = null;
            String about = null;
            List<ReleaseLedger.NameClaim> claims = List.of();
            if (companion) {
                // Sources, documentation and signatures: kept for people and tools, never installed.
                if (mayWait && !desk.waiting.hasVersion(maven, true)) {
                    return park(maven, received, account, address, "its version");
                }
            } else if (pom) {
                String packaging = PomInspection.inspect(received, maven);
                if (mayWait && !"pom".equals(packaging) && !desk.waiting.hasVersion(maven, false)) {
                    return park(maven, received, account, address, "its " + packaging);
                }
            } else if (features) {
                FeaturesInspection.Inspected inspected;
                try {
                    inspected = FeaturesInspection.inspect(received, maven, desk::isReleased,
                            desk.publishers.namespacesOf(account), desk.names::ownerOf, desk.files()::resolve);
                } catch (ReleaseRefused refused) {
                    if (!mayWait || !refused.code().equals(FeaturesInspection.NOT_RELEASED)) {
                        throw refused;
                    }
                    desk.waiting.park(maven, received, account, address, refused.getMessage());
                    LOG.info("Features XML {} from {} waits for its bundles: {}", maven.path(), account,
                            refused.getMessage());
                    return ReleaseDesk.Outcome.PENDING;
                }
                desk.names.check(maven, inspected.names());
                claims = ModuleNames.claims(maven, inspected.names());
                // The texts come from the module's bundle, released before its features XML can name it.
                about = ReleaseAbout.ofFeatures(desk.ledger().about(maven.mainJar()), inspected.dependencies());
                hostApi = inspected.hostApi();
            } else {
                BundleInspection.Inspected bundle = BundleInspection.inspect(received, maven,
                        desk.publishers.namespacesOf(account), desk.names::ownerOf);
                symbolicName = bundle.symbolicName();
                hostApi = bundle.hostApiRange();
                about = bundle.about();
            }
            Release release = new Release(maven.path(), maven.groupId(), maven.artifactId(), maven.version(),
                    symbolicName, hostApi, about, file.length(), file.sha256(), Release.FIRST_CHANNEL, account, address,
                    desk.clock.instant(), null, null);
            desk.signed().recordAndSign(account, List.of(release), claims,
                    Map.of(received, desk.files().resolve(maven.path())));
            LOG.info("Released {} ({} bytes, sha256 {}) by {} from {}", maven.path(), file.length(), file.sha256(),
                    account, address);
            if (features) {
                desk.waiting.replacedBy(maven, received, account, address);
            }
            return ReleaseDesk.Outcome.RELEASED;
        } catch (ReleaseLedger.AlreadyReleased e) {
            // Released by a parallel upload meanwhile: the same bytes are a success, others a conflict.
            if (desk.sameAsReleased(maven.path(), file.sha256())) {
                return ReleaseDesk.Outcome.UNCHANGED;
            }
            throw ReleaseDesk.alreadyReleased(maven.path());
        } catch (ReleaseLedger.NameTaken e) {
            throw ModuleNames.taken(e.name(), e.owner());
        } catch (ReleaseRefused | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not record the release of " + maven.path() + ": " + e.getMessage(), e);
        }
    }

    private ReleaseDesk.Outcome park(MavenPath maven, Path received, String account, String address, String what)
            throws IOException, ReleaseRefused {
        ReleaseDesk.Outcome outcome = desk.waiting.park(maven, received, account, address, "waits for " + what);
        LOG.info("{} from {} waits for {}", maven.path(), account, what);
        return outcome;
    }
}
