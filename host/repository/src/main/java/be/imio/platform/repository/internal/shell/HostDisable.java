package be.imio.platform.repository.internal.shell;

import java.time.Instant;

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
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;

/** {@code imio:host-disable namur "serveur remplacé"}: the host's credential is refused from now on. */
@Service
@Command(scope = "imio", name = "host-disable", description = "Disables a commune host: its credential is refused from now on")
public final class HostDisable implements Action {

    @Argument(index = 0, name = "id", description = "the host's id", required = true)
    private String id;

    @Argument(index = 1, name = "reason", description = "why, in a sentence (quoted)", required = true)
    private String reason;

    @Reference
    private RepositoryDatabase database;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        if (Reasons.of(reason) == null) {
            throw new CommandException(words.say("shell.reason.bad"));
        }
        if (!database.hosts().disable(id, reason.strip(), ShellUtil.getCurrentUserName(), "shell", Instant.now())) {
            throw new CommandException(words.say("shell.host.not-disabled", id));
        }
        System.out.println(words.say("shell.host.disabled", id));
        return null;
    }
}
