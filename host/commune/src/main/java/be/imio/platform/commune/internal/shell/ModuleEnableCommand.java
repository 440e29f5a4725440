package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-enable}: Enables a module, at the given version or the newest this host may install. */
@Service
@Command(scope = "imio", name = "module-enable", description = "Enables a module, at the given version or the newest this host may install")
public final class ModuleEnableCommand extends ModuleOperationCommand {

    @Argument(index = 1, name = "version", description = "The version (default: the newest allowed)")
    String version;

    @Override
    Operation.Action action() {
        return Operation.Action.ENABLE;
    }

    @Override
    String value() {
        return version;
    }
}
