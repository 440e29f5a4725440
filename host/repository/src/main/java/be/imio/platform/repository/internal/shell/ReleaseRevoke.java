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

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        Coordinates c = Coordinates.parse(release, words);
        if (Reasons.of(reason) == null) {
            throw new CommandException(words.say("shell.reason.bad"));
        }
        if (desk.signed().revoke(c.groupId(), c.artifactId(), c.version(), reason.strip(), ShellUtil.getCurrentUserName(), "shell")) {
            System.out.println(words.say("shell.release.revoked", release));
        } else {
            throw new CommandException(words.say("shell.release.not-revoked", release));
        }
        return null;
    }
}
