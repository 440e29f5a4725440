package be.imio.platform.repository.internal.shell;


import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Texts;

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

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Path");
        table.column("Since");
        table.column("From");
        for (ReleaseDesk.Waiting waiting : desk.waiting()) {
            table.addRow().addContent(waiting.account(), waiting.path(), BelgianFormats.dateTime(Texts.FRENCH, waiting.since()), waiting.from());
        }
        table.print(System.out);
        return null;
    }
}
