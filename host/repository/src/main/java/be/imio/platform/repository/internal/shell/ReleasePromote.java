package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.CommandException;

import be.imio.platform.repository.internal.release.ReleaseDesk;

/** {@code imio:release-promote group:artifact:version}: moves a version to the stable channel. */
@Service
@Command(scope = "imio", name = "release-promote", description = "Promotes a release from testing to stable")
public final class ReleasePromote implements Action {

    @Argument(index = 0, name = "release", description = "group:artifact:version", required = true)
    private String release;

    @Reference
    private ReleaseDesk desk;

    @Override
    public Object execute() throws Exception {
        Coordinates c = Coordinates.parse(release);
        if (desk.signed().promote(c.groupId(), c.artifactId(), c.version(), ShellUtil.getCurrentUserName(), "shell")) {
            System.out.println("Promoted " + release + " to stable; signed metadata updated.");
        } else {
            throw new CommandException("Nothing changed: " + release + " is unknown, revoked or already stable.");
        }
        return null;
    }
}
