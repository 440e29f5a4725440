package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-policy}: Sets a module's update policy: manual, automatic or security. */
@Service
@Command(scope = "imio", name = "module-policy", description = "Sets a module's update policy: manual, automatic or security")
public final class ModulePolicyCommand extends ModuleOperationCommand {

    @Argument(index = 1, name = "policy", description = "manual, automatic or security", required = true)
    String policy;

    @Override
    Operation.Action action() {
        return Operation.Action.POLICY;
    }

    @Override
    String value() {
        return policy;
    }
}
