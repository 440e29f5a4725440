/**
 * JSON for REST endpoints, of the platform and of modules: answers, errors with a code and a
 * message in French and English, the checks every state change goes through (an administrator,
 * a JSON body), and the reading of fields as people type them. Part of the module SDK.
 */
@Export
@Version("1.2.0")
package be.imio.platform.web.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
