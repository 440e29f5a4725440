/**
 * Ordering of the platform's own HTTP Whiteboard services: which of the platform's contexts the
 * web container has taken, so that the platform's servlets, filters and error pages reach the
 * Whiteboard only after their context. For the platform's bundles, not part of the module SDK
 * (a module's pages are served by the host, never registered with the Whiteboard).
 */
@Export
@Version("1.0.0")
package be.imio.platform.web.whiteboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
