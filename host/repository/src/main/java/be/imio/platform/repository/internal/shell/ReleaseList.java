package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/** {@code imio:release-list}: every release with its channel and revocation. */
@Service
@Command(scope = "imio", name = "release-list", description = "Lists the releases of the central repository")
public final class ReleaseList implements Action {

    @Reference
    private ReleaseDesk desk;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Artifact");
        table.column("Version");
        table.column("File");
        table.column("Channel");
        table.column("Released by");
        table.column("Revoked");
        for (Release release : desk.ledger().all()) {
            table.addRow().addContent(release.groupId(), release.artifactId(), release.version(),
                    release.path().substring(release.path().lastIndexOf('/') + 1), release.channel(),
                    release.releasedBy(), release.revokedAt() == null ? "" : release.revokedReason());
        }
        table.print(System.out);
        return null;
    }
}
