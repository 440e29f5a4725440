package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.repository.internal.RepositoryDatabase;

/** {@code imio:host-list}: the registered hosts and when each last reported. */
@Service
@Command(scope = "imio", name = "host-list", description = "Lists the registered commune hosts")
public final class HostList implements Action {

    @Reference
    private RepositoryDatabase database;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Host");
        table.column("Registered");
        table.column("Last report");
        table.column("From");
        for (HostRegistry.Host host : database.hosts().all()) {
            table.addRow().addContent(host.id(), host.registeredAt(), host.lastReportAt() == null ? "never" : host.lastReportAt(),
                    host.lastReportFrom() == null ? "" : host.lastReportFrom());
        }
        table.print(System.out);
        return null;
    }
}
