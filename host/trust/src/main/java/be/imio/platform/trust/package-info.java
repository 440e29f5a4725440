/**
 * Signed metadata, modelled on The Update Framework: Ed25519 keys from the JDK, canonical JSON,
 * signing by the central repository and verification by commune hosts (signature thresholds,
 * expiry, versions that never go back) and delegation to roles trusted for some paths only.
 *
 * <p>Exported for the platform's own bundles (repository and host roles); modules have no use for it.
 */
@Export
@Version("0.6.0")
package be.imio.platform.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
