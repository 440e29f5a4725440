/**
 * JSON for REST endpoints, with messages written "français / English" in one string.
 *
 * @deprecated since API 1.6: use {@code be.imio.platform.api.json} (one shared immutable reader and
 *             writer, messages in the request's language) and {@code be.imio.platform.api.web}
 *             (routes). This package stays exported, delegating to those, for the modules released
 *             against it, until the platform's next minor release after 1.6, then goes.
 */
@Export
@Version("1.3.0")
@Deprecated
package be.imio.platform.web.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
