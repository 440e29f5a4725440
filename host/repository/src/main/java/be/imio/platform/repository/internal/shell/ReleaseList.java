package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/** {@code imio:release-list}: every release with its channel and revocation. */
@Service
@Command(scope = "imio", name = "release-list", description = "Lists the releases of the central repository")
public final class ReleaseList implements Action {

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        ShellTable table = new ShellTable();
        words.headers("shell.column.group", "shell.column.artifact", "shell.column.version", "shell.column.file",
                "shell.column.channel", "shell.column.released-by", "shell.column.revoked").forEach(table::column);
        for (Release release : desk.ledger().all()) {
            table.addRow().addContent(release.groupId(), release.artifactId(), release.version(),
                    release.path().substring(release.path().lastIndexOf('/') + 1), release.channel(),
                    release.releasedBy(), release.revokedAt() == null ? "" : release.revokedReason());
        }
        table.print(System.out);
        return null;
    }
}
