package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.ModuleStatus;

/** {@code imio:module-list}: the modules this host runs, with version, policy and health. */
@Service
@Command(scope = "imio", name = "module-list", description = "Lists this host's modules with version, policy and health")
public final class ModuleListCommand implements Action {

    @Reference
    ModuleService modules;



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
        for (ModuleStatus status : modules.modules()) {
            InstalledModule module = status.module();
            String notice = status.revoked() ? "REVOKED: " + status.revokedReason()
                    : status.updateAvailable() == null ? "" : "update: " + status.updateAvailable();
            for (FailedRelease failed : status.failedReleases()) {
                notice += (notice.isEmpty() ? "" : "; ") + "failed here: " + failed.version() + " ("
                        + BelgianFormats.dateTime(Texts.ENGLISH, failed.failedAt()) + ")";
            }
            table.addRow().addContent(module.name(), module.groupId(), module.version(), module.enabled() ? "yes" : "no",
                    module.pinnedVersion() == null ? "" : module.pinnedVersion(), status.policy().id(),
                    status.health().toString(), notice);
        }
        table.print(System.out);
        return null;
    }
}
