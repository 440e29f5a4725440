package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-unpin}: Unpins a module. */
@Service
@Command(scope = "imio", name = "module-unpin", description = "Unpins a module")
public final class ModuleUnpinCommand extends ModuleOperationCommand {

    @Override
    Operation.Action action() {
        return Operation.Action.UNPIN;
    }
}
