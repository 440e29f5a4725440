package be.imio.platform.repository.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.CommandException;

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

    @Override
    public Object execute() throws Exception {
        String password;
        try {
            password = accounts.create(account, namespaces, ShellUtil.getCurrentUserName(), "shell");
        } catch (IllegalArgumentException refused) {
            throw new CommandException(refused.getMessage(), refused);
        }
        System.out.println("Created publisher " + account + " for " + namespaces + ". Its password, shown only now: "
                + password);
        return null;
    }
}
