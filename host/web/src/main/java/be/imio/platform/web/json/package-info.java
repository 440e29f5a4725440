/**
 * JSON answers shared by the platform's own REST endpoints (both roles): results, errors with a
 * code and a message in French and English, and the checks every state change goes through.
 * For the platform's bundles, not for modules.
 */
@Export
@Version("1.0.0")
package be.imio.platform.web.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
