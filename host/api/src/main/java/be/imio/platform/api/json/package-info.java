/**
 * JSON for the REST endpoints of modules and of the platform: one shared, immutable reader and
 * writer ({@link be.imio.platform.api.json.Json}), answers and errors with a stable code and a
 * message in the reader's language ({@link be.imio.platform.api.json.JsonAnswers}), the checks
 * every state change goes through (an administrator, a JSON body), and the reading of fields as
 * people type them, every problem named per field ({@link be.imio.platform.api.json.JsonFields}).
 * Part of the module SDK; replaces {@code be.imio.platform.web.json}.
 */
@Export
@Version("1.1.0")
package be.imio.platform.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
