package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/**
 * {@code imio:metadata-republish}: signs the metadata again above every version published so far,
 * for a repository put back from a disk or machine snapshot, whose metadata hosts would refuse as older.
 */
@Service
@Command(scope = "imio", name = "metadata-republish",
        description = "Signs targets, snapshot and timestamp again (after restoring the repository from a disk snapshot)")
public final class MetadataRepublish implements Action {

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        desk.signed().republish(ShellUtil.getCurrentUserName(), "shell");
        System.out.println(words.say("shell.metadata.republished"));
        return null;
    }
}
