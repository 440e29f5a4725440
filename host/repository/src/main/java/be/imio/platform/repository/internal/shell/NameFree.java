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
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/**
 * {@code imio:name-free NAME "reason"}: frees a module name a group claimed without using it,
 * so that another group may release under it. Audited with the reason.
 */
@Service
@Command(scope = "imio", name = "name-free", description = "Frees a module name a group claimed with a features XML")
public final class NameFree implements Action {

    @Argument(index = 0, name = "name", description = "the module name, in any case", required = true)
    private String name;

    @Argument(index = 1, name = "reason", description = "why, in a sentence (quoted)", required = true)
    private String reason;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        if (Reasons.of(reason) == null) {
            throw new CommandException(words.say("shell.reason.bad"));
        }
        String owner = desk.signed().freeName(name, reason.strip(), ShellUtil.getCurrentUserName(), "shell");
        if (owner != null) {
            System.out.println(words.say("shell.name.freed", name, owner));
        } else {
            throw new CommandException(words.say("shell.name.not-held", name));
        }
        return null;
    }
}
