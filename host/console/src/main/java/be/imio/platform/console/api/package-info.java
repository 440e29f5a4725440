/**
 * The console's pages, for the platform's role bundles: a page is a {@link ConsolePage} service
 * (as a Felix Web Console plugin is), which the console frames, lists in its navigation and
 * guards (log-in, anti-forgery token and administrator role on every change, errors). A role's
 * feature installs the bundles of its pages only: no page checks the role at run time.
 */
@Export
@Version("1.1.0")
package be.imio.platform.console.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
