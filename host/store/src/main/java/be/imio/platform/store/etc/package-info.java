/**
 * The instance's configuration files, {@code etc/<pid>.cfg}, changed by the platform at run time
 * without ever being seen half written.
 */
@Export
@Version("1.0.0")
package be.imio.platform.store.etc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
