/**
 * What the platform and the modules it runs share.
 *
 * <p>Everything in this package is a contract between the platform (central repository or
 * commune host) and the shared solutions released by iMio. It follows semantic versioning:
 * a module built against 1.x runs on any 1.y host with y &gt;= x.
 */
@Export
@Version("1.8.0")
package be.imio.platform.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
