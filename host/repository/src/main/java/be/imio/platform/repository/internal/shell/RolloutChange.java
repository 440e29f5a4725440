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
import be.imio.platform.repository.internal.rollout.RolloutDesk;
import be.imio.platform.repository.internal.rollout.RolloutRefused;
import be.imio.platform.repository.internal.rollout.RolloutRow;

/**
 * {@code imio:rollout widen|resume|abort ID ["reason"]}: iMio moves a rollout to its next ring now,
 * resumes it after a halt, or aborts it (with the reason).
 */
@Service
@Command(scope = "imio", name = "rollout", description = "Widens, resumes or aborts a staged rollout")
public final class RolloutChange implements Action {

    @Argument(index = 0, name = "action", description = "widen, resume or abort", required = true)
    private String action;

    @Argument(index = 1, name = "id", description = "the rollout's number (imio:rollout-list)", required = true)
    private long id;

    @Argument(index = 2, name = "reason", description = "why, to abort (quoted)")
    private String reason;

    @Reference
    private RolloutDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        String user = ShellUtil.getCurrentUserName();
        try {
            RolloutRow row = switch (action) {
                case "widen" -> desk.widen(id, user, "shell");
                case "resume" -> desk.resume(id, user, "shell");
                case "abort" -> {
                    String why = Reasons.of(reason);
                    if (why == null) {
                        throw new CommandException(words.say("shell.reason.bad"));
                    }
                    yield desk.abort(id, why, user, "shell");
                }
                default -> throw new CommandException(words.say("shell.rollout.bad-action", action));
            };
            System.out.println(words.say("shell.rollout.changed", row.id(), row.release(),
                    RepositoryTexts.message("shell.rollout.state." + row.state().id()), row.stage() + 1, row.rings().size()));
        } catch (RolloutRefused e) {
            throw new CommandException(words.say(e.key(), e.arguments()));
        }
        return null;
    }
}
