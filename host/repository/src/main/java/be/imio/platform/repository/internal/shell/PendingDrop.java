package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/** {@code imio:pending-drop ACCOUNT PATH}: forgets one waiting file of a build abandoned half way. Audited. */
@Service
@Command(scope = "imio", name = "pending-drop", description = "Forgets a file that waits for its version")
public final class PendingDrop implements Action {

    @Argument(index = 0, name = "account", description = "the publisher account that sent it", required = true)
    private String account;

    @Argument(index = 1, name = "path", description = "its repository path, as imio:pending-list shows it", required = true)
    private String path;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        if (!desk.dropWaiting(account, path, ShellUtil.getCurrentUserName(), "shell")) {
            throw new CommandException(words.say("shell.pending.nothing", account, path));
        }
        System.out.println(words.say("shell.pending.dropped", path, account));
        return null;
    }
}
