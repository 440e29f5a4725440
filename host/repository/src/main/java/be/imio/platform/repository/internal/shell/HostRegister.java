package be.imio.platform.repository.internal.shell;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.HostFiling;

/** {@code imio:host-register --kind commune --group pilote namur}: registers a commune host and prints its credential, once. */
@Service
@Command(scope = "imio", name = "host-register", description = "Registers a commune host and prints its credential once")
public final class HostRegister implements Action {

    @Argument(index = 0, name = "id", description = "the host's id: lower-case letters, digits, dashes", required = true)
    private String id;

    @Option(name = "--kind", description = "commune, cpas, police or other (default)")
    private String kind;

    @Option(name = "--group", description = "the group iMio files the host under, such as pilote")
    private String group;

    @Option(name = "--label", description = "the name people read, such as \"Ville de Namur\"")
    private String label;

    @Reference
    private RepositoryDatabase database;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        HostFiling filing;
        try {
            filing = HostFiling.of(id, kind, group, label);
        } catch (HostFiling.Refused e) {
            throw new CommandException(words.say(e.key().equals("problem.bad-host-id") ? "shell.host.bad-id" : e.key()));
        }
        String token = database.hosts().register(filing, ShellUtil.getCurrentUserName(), "shell", Instant.now());
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
