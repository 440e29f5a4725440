package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-update}: Updates an enabled module, to the given version or the newest allowed. */
@Service
@Command(scope = "imio", name = "module-update", description = "Updates an enabled module, to the given version or the newest allowed")
public final class ModuleUpdateCommand extends ModuleOperationCommand {

    @Argument(index = 1, name = "version", description = "The version (default: the newest allowed)")
    String version;

    @Override
    Operation.Action action() {
        return Operation.Action.UPDATE;
    }

    @Override
    String value() {
        return version;
    }
}
