package be.imio.platform.repository.internal.shell;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.CommandException;

import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.repository.internal.RepositoryDatabase;

/** {@code imio:host-register namur}: registers a commune host and prints its credential, once. */
@Service
@Command(scope = "imio", name = "host-register", description = "Registers a commune host and prints its credential once")
public final class HostRegister implements Action {

    @Argument(index = 0, name = "id", description = "the host's id: lower-case letters, digits, dashes", required = true)
    private String id;

    @Reference
    private RepositoryDatabase database;

    @Override
    public Object execute() throws Exception {
        if (!HostRegistry.HOST_ID.matcher(id).matches()) {
            throw new CommandException("a host id has 2 to 63 lower-case letters, digits or dashes");
        }
        String token = database.hosts().register(id, ShellUtil.getCurrentUserName(), "shell", Instant.now());
        if (token == null) {
            throw new CommandException("Host " + id + " is already registered.");
        } else {
            System.out.println("Registered host " + id + ". Its credential, shown only now: " + token);
        }
        return null;
    }
}
