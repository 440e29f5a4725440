/**
 * The commune host's engine as the platform's other bundles see it: what an operation, a policy,
 * a channel and a step are. Its services (modules, catalogue, settings) join it as the REST API,
 * the shell and the console move onto them; everything else of the commune bundle is internal.
 */
@Export
@Version("1.0.0")
package be.imio.platform.commune.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
