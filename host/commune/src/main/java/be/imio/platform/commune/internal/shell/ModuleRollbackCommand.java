package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-rollback}: Returns a module to the version it ran before its last update. */
@Service
@Command(scope = "imio", name = "module-rollback", description = "Returns a module to the version it ran before its last update")
public final class ModuleRollbackCommand extends ModuleOperationCommand {

    @Override
    Operation.Action action() {
        return Operation.Action.ROLLBACK;
    }
}
