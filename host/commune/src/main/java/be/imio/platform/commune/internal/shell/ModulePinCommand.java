package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import be.imio.platform.commune.api.Operation;

/** {@code imio:module-pin}: Pins a module to a version (updating it there if needed); automatic updates leave it. */
@Service
@Command(scope = "imio", name = "module-pin", description = "Pins a module to a version (updating it there if needed); automatic updates leave it")
public final class ModulePinCommand extends ModuleOperationCommand {

    @Argument(index = 1, name = "version", description = "The version to pin", required = true)
    String version;

    @Override
    Operation.Action action() {
        return Operation.Action.PIN;
    }

    @Override
    String value() {
        return version;
    }
}
