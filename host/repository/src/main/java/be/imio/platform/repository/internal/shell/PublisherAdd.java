package be.imio.platform.repository.internal.shell;

import java.util.List;

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
import be.imio.platform.repository.internal.publisher.PublisherAccounts;

/** {@code imio:publisher-add ACCOUNT NAMESPACE...}: creates a publisher and prints its password once. */
@Service
@Command(scope = "imio", name = "publisher-add", description = "Creates a publisher account for namespaces; prints its password once")
public final class PublisherAdd implements Action {

    @Argument(index = 0, name = "account", description = "lower-case letters, digits, dashes", required = true)
    private String account;

    @Argument(index = 1, name = "namespaces", description = "for example be.imio.solutions", required = true, multiValued = true)
    private List<String> namespaces;

    @Reference
    private PublisherAccounts accounts;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        String password;
        try {
            password = accounts.create(account, namespaces, ShellUtil.getCurrentUserName(), "shell");
        } catch (PublisherAccounts.Invalid refused) {
            throw new CommandException(words.say(refused.words()), refused);
        }
        // The secret alone on the last line, for a script to take.
        System.out.println(words.say("shell.publisher.created", account, namespaces));
        System.out.println(password);
        return null;
    }
}
