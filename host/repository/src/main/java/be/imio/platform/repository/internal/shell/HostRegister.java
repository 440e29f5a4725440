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
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.HostRegistry;

/** {@code imio:host-register namur}: registers a commune host and prints its credential, once. */
@Service
@Command(scope = "imio", name = "host-register", description = "Registers a commune host and prints its credential once")
public final class HostRegister implements Action {

    @Argument(index = 0, name = "id", description = "the host's id: lower-case letters, digits, dashes", required = true)
    private String id;

    @Reference
    private RepositoryDatabase database;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        if (!HostRegistry.HOST_ID.matcher(id).matches()) {
            throw new CommandException(words.say("shell.host.bad-id"));
        }
        String token = database.hosts().register(id, ShellUtil.getCurrentUserName(), "shell", Instant.now());
        if (token == null) {
            throw new CommandException(words.say("shell.host.exists", id));
        } else {
            // The secret alone on the last line, for a script to take.
            System.out.println(words.say("shell.host.registered", id));
            System.out.println(token);
        }
        return null;
    }
}
