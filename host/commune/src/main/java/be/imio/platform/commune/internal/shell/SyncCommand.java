package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.SyncStatus;

/** {@code imio:sync}: asks the repository now, and says where the host stands. */
@Service
@Command(scope = "imio", name = "sync", description = "Syncs the catalogue with the central repository now")
public final class SyncCommand implements Action {

    @Reference
    CatalogueService catalogue;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        java.util.Optional<SyncStatus> done = catalogue.syncNow();
        if (done.isEmpty()) {
            throw new CommandException(words.say("shell.sync.running"));
        }
        SyncStatus status = done.get();
        ShellTable table = new ShellTable().noHeaders();
        table.column("");
        table.column("");
        table.addRow().addContent(words.say("shell.sync.repository"), status.repositoryUrl());
        table.addRow().addContent(words.say("shell.sync.root"),
                words.say("shell.sync.root-value", status.rootVersion(), status.rootFingerprint()));
        table.addRow().addContent(words.say("shell.sync.last"),
                status.lastSync() == null ? words.say("shell.sync.never") : words.dateTime(status.lastSync()));
        table.addRow().addContent(words.say("shell.sync.catalogue"),
                words.say("shell.sync.catalogue-value", status.timestampVersion(), status.targetsVersion()));
        if (status.offlineSince() != null) {
            table.addRow().addContent(words.say("shell.sync.offline"), words.dateTime(status.offlineSince()));
        }
        if (status.warning() != null) {
            table.addRow().addContent(words.say("shell.sync.warning"), words.say(status.warning().words()));
        }
        table.print(System.out);
        return null;
    }
}
