package be.imio.platform.commune.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.HealthStatus;

/** {@code imio:module-list}: the modules this host runs, with version, policy and health. */
@Service
@Command(scope = "imio", name = "module-list", description = "Lists this host's modules with version, policy and health")
public final class ModuleListCommand implements Action {

    @Reference
    ModuleEngine engine;

    @Reference
    CatalogueSync sync;

    @Reference
    HostSettings settings;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Module");
        table.column("Group");
        table.column("Version");
        table.column("Enabled");
        table.column("Pinned");
        table.column("Policy");
        table.column("Health");
        table.column("Notice");
        for (InstalledModule module : engine.ledger().modules()) {
            HealthStatus health = engine.healthOf(module);
            String notice = sync.catalogue().release(module.id(), module.version())
                    .filter(ModuleRelease::revoked).map(r -> "REVOKED: " + r.revokedReason())
                    .orElse(engine.updateFor(module).map(v -> "update: " + v).orElse(""));
            for (FailedRelease failed : engine.failedReleases(module)) {
                notice += (notice.isEmpty() ? "" : "; ") + OperationTexts.failedHereShort(failed);
            }
            table.addRow().addContent(module.name(), module.groupId(), module.version(), module.enabled() ? "yes" : "no",
                    module.pinnedVersion() == null ? "" : module.pinnedVersion(),
                    module.policyOr(settings.policy()).id(), health.toString(), notice);
        }
        table.print(System.out);
        return null;
    }
}
