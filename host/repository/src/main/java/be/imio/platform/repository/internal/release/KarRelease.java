package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.inspection.KarInspection;


/**
 * Releases a Karaf archive (.kar) as one act: the archive itself and every artifact it carries
 * become releases together, or none does. Hosts then install the module from its features XML as
 * if each file had been deployed alone; the archive stays available (and signed) for installs
 * without network.
 */
public final class KarRelease {

    private static final Logger LOG = LoggerFactory.getLogger(KarRelease.class);

    private final ReleaseDesk desk;

    KarRelease(ReleaseDesk desk) {
        this.desk = desk;
    }

    ReleaseDesk.Outcome release(MavenPath kar, InputStream body, long declaredLength, String account, String address)
            throws ReleaseRefused, IOException {
        if (declaredLength > ReleaseDesk.MAX_BYTES) {
            throw new ReleaseRefused(413, "too_large", "release.archive_too_large", declaredLength, ReleaseDesk.MAX_BYTES);

        }
        Files.createDirectories(desk.staging.folder());
        Path received = Files.createTempFile(desk.staging.folder(), "upload-", ".part");
        List<KarInspection.Carried> carried = List.of();
        try {
            UploadBody.Received file = UploadBody.receive(body, received, ReleaseDesk.MAX_BYTES);
            if (desk.sameAsReleased(kar.path(), file.sha256())) {
                return ReleaseDesk.Outcome.UNCHANGED;
            }
            carried = KarInspection.inspect(received, desk.staging.folder(), desk.publishers.namespacesOf(account),
                    desk::isReleased, desk.names::ownerOf, desk.files()::resolve);
            for (int attempt = 0; ; attempt++) {
                try {
                    record(kar, file, received, carried, account, address);
                    break;
                } catch (ReleaseLedger.AlreadyReleased e) {
                    // Current Maven sends an archive and the files it carries at once (the features XML
                    // attached beside it): one of them released meanwhile, with these bytes, is no
                    // conflict. Once more, then: what is released by then is left out; other bytes
                    // under a released name fail again, and are the conflict.
                    if (attempt == 0) {
                        continue;
                    }
                    if (desk.sameAsReleased(kar.path(), file.sha256())) {
                        return ReleaseDesk.Outcome.UNCHANGED;
                    }
                    throw e;
                }
            }
            LOG.info("Released {} with {} artifacts ({} bytes, sha256 {}) by {} from {}", kar.path(), carried.size(),
                    file.length(), file.sha256(), account, address);
            desk.releasePending(account);
            return ReleaseDesk.Outcome.RELEASED;
        } catch (ReleaseLedger.AlreadyReleased e) {
            throw ReleaseDesk.alreadyReleased(e.getMessage());
        } catch (ReleaseLedger.NameTaken e) {
            throw ModuleNames.taken(e.name(), e.owner());
        } catch (ReleaseRefused | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not record the release of " + kar.path() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(received);
            for (KarInspection.Carried artifact : carried) {
                Files.deleteIfExists(artifact.file());
            }
        }
    }

    /** Records and signs the archive {@code kar} and the artifacts it carries that are not released yet. */
    private void record(MavenPath kar, UploadBody.Received file, Path received, List<KarInspection.Carried> carried,
            String account, String address) throws Exception {
        List<ReleaseLedger.NameClaim> claims = new ArrayList<>();
        List<KarInspection.Carried> fresh = new ArrayList<>();
        for (KarInspection.Carried artifact : carried) {
            // An archive may carry files already released on their own (the bundle of the same
            // build): the same bytes are kept as they are, other bytes are a conflict.
            if (desk.sameAsReleased(artifact.maven().path(), artifact.sha256())) {
                continue;
            }
            fresh.add(artifact);
            desk.names.check(artifact.maven(), artifact.isFeatures() ? artifact.features().names() : Set.of());
            if (artifact.isFeatures()) {
                claims.addAll(ModuleNames.claims(artifact.maven(), artifact.features().names()));
            }
        }
        Instant now = desk.clock.instant();
        List<Release> releases = new ArrayList<>(releasesOf(fresh, carried, account, address, now));
        releases.add(new Release(kar.path(), kar.groupId(), kar.artifactId(), kar.version(), null, hostApiOf(kar, carried),
                null, file.length(), file.sha256(), Release.FIRST_CHANNEL, account, address, now, null, null));
        Map<Path, Path> moves = new HashMap<>();
        moves.put(received, desk.files().resolve(kar.path()));
        fresh.forEach(c -> moves.put(c.file(), desk.files().resolve(c.maven().path())));
        desk.signed().recordAndSign(account, releases, claims, moves);
    }

    /** The host API range the modules of the archive need together: what hosts see of the archive itself. */
    private static String hostApiOf(MavenPath kar, List<KarInspection.Carried> carried) throws ReleaseRefused {
        Set<String> ranges = new java.util.LinkedHashSet<>();
        for (KarInspection.Carried c : carried) {
            if (c.isFeatures() && c.features().hostApi() != null) {
                ranges.add(c.features().hostApi());
            }
        }
        return ModuleMembers.intersection(kar.artifactId(), ranges);
    }

    /**
     * The releases of the {@code fresh} artifacts among those {@code carried}. A features XML of the
     * archive takes its texts from the bundle it carries, else from one released.
     */
    private List<Release> releasesOf(List<KarInspection.Carried> fresh, List<KarInspection.Carried> carried,
            String account, String address, Instant now) throws ReleaseRefused, IOException {
        Map<String, String> bundleAbout = new HashMap<>();
        for (KarInspection.Carried c : carried) {
            if (c.isBundle()) {
                bundleAbout.put(c.maven().path(), c.bundle().about());
            }
        }
        List<Release> releases = new ArrayList<>();
        for (KarInspection.Carried c : fresh) {
            MavenPath m = c.maven();
            String about = null;
            if (c.isBundle()) {
                about = c.bundle().about();
            } else if (c.isFeatures()) {
                String jar = m.mainJar();
                about = ReleaseAbout.ofFeatures(bundleAbout.containsKey(jar) ? bundleAbout.get(jar) : aboutReleased(jar),
                        c.features().dependencies());
            }
            String hostApi = c.isBundle() ? c.bundle().hostApiRange() : c.isFeatures() ? c.features().hostApi() : null;
            releases.add(new Release(m.path(), m.groupId(), m.artifactId(), m.version(),
                    c.isBundle() ? c.bundle().symbolicName() : null, hostApi,
                    about, c.length(), c.sha256(), Release.FIRST_CHANNEL, account, address, now, null, null));
        }
        return releases;
    }

    private String aboutReleased(String path) throws IOException {
        try {
            return desk.ledger().about(path);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot read the releases: " + e.getMessage(), e);
        }
    }
}
