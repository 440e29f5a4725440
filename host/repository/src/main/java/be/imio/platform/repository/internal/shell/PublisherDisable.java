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
import be.imio.platform.repository.internal.publisher.PublisherAccounts;

/** {@code imio:publisher-disable ACCOUNT "reason"}: the publisher's uploads are refused from now on. */
@Service
@Command(scope = "imio", name = "publisher-disable", description = "Disables a publisher: its uploads are refused from now on")
public final class PublisherDisable implements Action {

    @Argument(index = 0, name = "account", description = "the publisher's account", required = true)
    private String account;

    @Argument(index = 1, name = "reason", description = "why, in a sentence (quoted)", required = true)
    private String reason;

    @Reference
    private PublisherAccounts accounts;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        String why = Reasons.of(reason);
        if (why == null) {
            throw new CommandException(words.say("shell.reason.bad"));
        }
        if (!accounts.disable(account, why, ShellUtil.getCurrentUserName(), "shell")) {
            throw new CommandException(words.say("shell.publisher.not-disabled", account));
        }
        System.out.println(words.say("shell.publisher.disabled", account));
        return null;
    }
}
