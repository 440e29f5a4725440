package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.CommandException;

import be.imio.platform.repository.internal.release.ReleaseDesk;

/** {@code imio:release-revoke group:artifact:version "reason"}: revokes a version, with its reason. */
@Service
@Command(scope = "imio", name = "release-revoke", description = "Revokes a release; hosts learn of it from signed metadata")
public final class ReleaseRevoke implements Action {

    @Argument(index = 0, name = "release", description = "group:artifact:version", required = true)
    private String release;

    @Argument(index = 1, name = "reason", description = "why, in a sentence (quoted)", required = true)
    private String reason;

    @Reference
    private ReleaseDesk desk;

    @Override
    public Object execute() throws Exception {
        Coordinates c = Coordinates.parse(release);
        if (reason.isBlank() || reason.length() > 500) {
            throw new CommandException("give the reason in at most 500 characters");
        }
        if (desk.signed().revoke(c.groupId(), c.artifactId(), c.version(), reason.strip(), ShellUtil.getCurrentUserName(), "shell")) {
            System.out.println("Revoked " + release + "; signed metadata updated.");
        } else {
            throw new CommandException("Nothing changed: " + release + " is unknown or already revoked.");
        }
        return null;
    }
}
