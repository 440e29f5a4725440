package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-disable}: Disables a module; its data stays. */
@Service
@Command(scope = "imio", name = "module-disable", description = "Disables a module; its data stays")
public final class ModuleDisableCommand extends ModuleOperationCommand {

    @Override
    Operation.Action action() {
        return Operation.Action.DISABLE;
    }
}
