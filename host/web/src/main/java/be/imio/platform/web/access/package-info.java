/**
 * What the platform's own HTTP contexts outside this bundle (the console's) share with the
 * platform's: the gate every request of a platform context passes first (security headers, client
 * bounds, routed path), the throttled log-in against the instance's JAAS realm, and the staff
 * sessions that one console log-in opens for the modules' pages too. For the platform's bundles,
 * not part of the module SDK.
 */
@Export
@Version("1.2.0")
package be.imio.platform.web.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
