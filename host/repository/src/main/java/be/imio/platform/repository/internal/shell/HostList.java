package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.HostRegistry;

/** {@code imio:host-list}: the registered hosts, their kind and group, and when each last reported. */
@Service
@Command(scope = "imio", name = "host-list", description = "Lists the registered commune hosts")
public final class HostList implements Action {

    @Reference
    private RepositoryDatabase database;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        ShellTable table = new ShellTable();
        words.headers("shell.column.host", "shell.column.kind", "shell.column.group", "shell.column.registered",
                "shell.column.last-report", "shell.column.from").forEach(table::column);
        for (HostRegistry.Host host : database.hosts().all()) {
            table.addRow().addContent(host.disabledAt() == null ? host.id() : words.say("shell.host.disabled-id", host.id()),
                    words.say(host.kind().textKey()), host.group() == null ? "" : host.group(),
                    words.dateTime(host.registeredAt()),
                    host.lastReportAt() == null ? words.say("shell.never") : words.dateTime(host.lastReportAt()),
                    host.lastReportFrom() == null ? "" : host.lastReportFrom());
        }
        table.print(System.out);
        return null;
    }
}
