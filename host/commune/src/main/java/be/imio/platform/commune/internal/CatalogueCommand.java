package be.imio.platform.commune.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code imio:catalogue}: what the repository offers on this host's channel, each module with its
 * group and the publisher account of each release (two groups may release the same short name).
 */
@Service
@Command(scope = "imio", name = "catalogue", description = "Lists the modules the repository offers on this host's channel")
public final class CatalogueCommand implements Action {

    @Reference
    CatalogueSync sync;

    @Reference
    ModuleEngine engine;

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
        sync.catalogue().modules().forEach((id, releases) -> releases.stream()
                .filter(engine.offer()::listed)
                .forEach(r -> table.addRow().addContent(id.name(), id.groupId(), r.version(), r.channel(),
                        engine.offer().compatible(r) ? "yes" : "no (" + r.hostApi() + ")",
                        r.releasedBy() == null ? "" : r.releasedBy(),
                        r.revoked() ? "REVOKED: " + r.revokedReason() : "")));
        table.print(System.out);
        return null;
    }
}
