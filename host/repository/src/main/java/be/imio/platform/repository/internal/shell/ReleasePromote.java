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

/** {@code imio:release-promote group:artifact:version}: moves a version to the stable channel. */
@Service
@Command(scope = "imio", name = "release-promote", description = "Promotes a release from testing to stable")
public final class ReleasePromote implements Action {

    @Argument(index = 0, name = "release", description = "group:artifact:version", required = true)
    private String release;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        Coordinates c = Coordinates.parse(release, words);
        if (desk.signed().promote(c.groupId(), c.artifactId(), c.version(), ShellUtil.getCurrentUserName(), "shell")) {
            System.out.println(words.say("shell.release.promoted", release));
        } else {
            throw new CommandException(words.say("shell.release.not-promoted", release));
        }
        return null;
    }
}
