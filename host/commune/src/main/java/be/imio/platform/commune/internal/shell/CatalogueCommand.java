package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.OfferedRelease;

/**
 * {@code imio:catalogue}: what the repository offers on this host's channel, each module with its
 * group and the publisher account of each release (two groups may release the same short name).
 */
@Service
@Command(scope = "imio", name = "catalogue", description = "Lists the modules the repository offers on this host's channel")
public final class CatalogueCommand implements Action {

    @Reference
    CatalogueService catalogue;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Module");
        table.column("Group");
        table.column("Version");
        table.column("Channel");
        table.column("Compatible");
        table.column("Publisher");
        table.column("Notice");
        for (CatalogueModule module : catalogue.modules()) {
            for (OfferedRelease r : module.releases()) {
                table.addRow().addContent(module.id().name(), module.id().groupId(), r.version(), r.channel(),
                        r.compatible() ? "yes" : "no (" + r.hostApi() + ")",
                        r.releasedBy() == null ? "" : r.releasedBy(),
                        r.revoked() ? "REVOKED: " + r.revokedReason() : "");
            }
        }
        table.print(System.out);
        return null;
    }
}
