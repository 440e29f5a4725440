package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;

import org.osgi.framework.Version;

import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.sync.VerifiedCache;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * The first step of an install, before Karaf is asked anything: checked again that the host may
 * install from its metadata and that the release is still offered and not revoked, the release's
 * features XML and bundles fetched and verified against the signed metadata.
 */
final class ReleaseDownload {

    /** The release and its verified features XML, or why there are none ({@code refusal} for staff, {@code detail} technical). */
    record Outcome(ModuleRelease release, Path featuresXml, Bilingual refusal, String detail) {

        static Outcome refused(Bilingual refusal, String detail) {
            return new Outcome(null, null, refusal, detail);
        }
    }

    private ReleaseDownload() {
    }

    /** Fetches {@code version} of {@code module} (at most {@code maxBytes} a file) for a host offering {@code apiVersion}. */
    static Outcome fetch(ReleaseSource sync, long maxBytes, Version apiVersion, ModuleId module, String version)
            throws InterruptedException {
        try {
            // Checked again when it runs: the metadata may have expired, or been refused, since it was queued.
            var blocked = sync.installBlocker();
            if (blocked.isPresent()) {
                return Outcome.refused(Bilingual.of(blocked.get()), null);
            }
            Catalogue catalogue = sync.catalogue();
            ModuleRelease release = catalogue.release(module, version).orElse(null);
            if (release == null) {
                return Outcome.refused(OperationTexts.noLongerInCatalogue(module, version), null);
            }
            if (release.revoked()) {
                return Outcome.refused(OperationTexts.revoked(module, version), release.revokedReason());
            }
            return new Outcome(release, sync.fetch(release, catalogue, maxBytes, apiVersion), null, null);
        } catch (ModuleArtifacts.Refused e) {
            return Outcome.refused(OperationTexts.refusedByHost(module, version, e),
                    e.getMessage());
        } catch (VerifiedCache.Mismatch e) {
            return Outcome.refused(OperationTexts.notAsSigned(module, version, e),
                    e.getMessage());
        } catch (java.io.IOException e) {
            return Outcome.refused(OperationTexts.notDownloaded(module, version, e),
                    FailureReasons.of(e));
        }
    }
}
