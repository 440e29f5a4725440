package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/**
 * {@code imio:pending-list}: the files that wait for what they need (a features XML for its
 * bundles, a pom or side file for its version's jar), by publisher, with since when (Brussels
 * time) and from where. Each is released with what it waits for, or forgotten after 24 hours.
 */
@Service
@Command(scope = "imio", name = "pending-list", description = "Lists the uploaded files that wait for their version")
public final class PendingList implements Action {

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        ShellTable table = new ShellTable();
        words.headers("shell.column.account", "shell.column.path", "shell.column.since", "shell.column.from")
                .forEach(table::column);
        for (ReleaseDesk.Waiting waiting : desk.waiting()) {
            table.addRow().addContent(waiting.account(), waiting.path(), words.dateTime(waiting.since()), waiting.from());
        }
        table.print(System.out);
        return null;
    }
}
