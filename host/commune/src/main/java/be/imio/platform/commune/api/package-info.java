/**
 * The commune host's engine as the platform's bundles see it: {@link ModuleService} (the modules
 * and their operations), {@link CatalogueService} (what the repository offers this host) and
 * {@link HostSettingsService} (the host's own settings), the records they answer, and
 * {@link Refusal}, what they answer instead (a status, a stable code, a message key and its
 * arguments, in French, English and German). The REST API, the shell and the console use only
 * these; everything else of the commune bundle is internal, in packages by concern: {@code sync}
 * (trusted metadata, verified cache, catalogue), {@code lifecycle} (planner, runner, Karaf),
 * {@code ledger} (the journal), {@code mount} (modules' pages), {@code settings}, {@code rest},
 * {@code shell}, {@code console} (the console's pages), {@code texts}.
 */
@Export
@Version("1.3.0")
package be.imio.platform.commune.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
