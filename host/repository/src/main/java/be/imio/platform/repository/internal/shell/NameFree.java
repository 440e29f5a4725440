package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.CommandException;

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

    @Override
    public Object execute() throws Exception {
        if (reason.isBlank() || reason.length() > 500) {
            throw new CommandException("give the reason in at most 500 characters");
        }
        String owner = desk.signed().freeName(name, reason.strip(), ShellUtil.getCurrentUserName(), "shell");
        if (owner != null) {
            System.out.println("Freed module name " + name + ", held by " + owner + ".");
        } else {
            throw new CommandException("Nothing changed: no group holds the module name " + name
                    + " by a features XML (revoke the releases of a bundle that holds it).");
        }
        return null;
    }
}
