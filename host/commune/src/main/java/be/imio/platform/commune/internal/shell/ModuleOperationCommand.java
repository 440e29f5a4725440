package be.imio.platform.commune.internal.shell;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;

/**
 * What the {@code imio:module-*} commands share: plan the operation on the named module, then
 * follow it to its end (unless {@code --no-wait}) and print the outcome.
 */
public abstract class ModuleOperationCommand implements Action {

    @Argument(index = 0, name = "module", description = "The module: GROUP:ARTIFACT, or its short name (feature name)"
            + " when that names one module", required = true)
    @Completion(ModuleNameCompleter.class)
    String module;

    @Option(name = "--no-wait", description = "Return once the operation is queued")
    boolean noWait;

    @Reference
    ModuleService modules;

    @Reference
    Session session;

    abstract Operation.Action action();

    /** The version or policy the operation takes, if any. */
    String value() {
        return null;
    }

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        Operation operation;
        try {
            operation = modules.request(action(), module, value(), ShellUtil.getCurrentUserName(), "shell");
        } catch (Refusal refused) {
            // Thrown, so that the shell ends with a failed status (bin/imio shell exits with it).
            throw new CommandException(words.say("shell.refused", refused.asMessage().words()), refused);
        }
        System.out.println(words.say("shell.operation.queued", operation.id(), action().id(), operation.moduleId()
                + (operation.toVersion() == null ? "" : " " + operation.toVersion())));
        if (noWait) {
            return null;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Operation now = modules.operation(operation.id()).orElseThrow();
            if (now.state().isFinal()) {
                String outcome = now.reasonWords() == null ? words.say("shell.operation.ended", now.id(), now.state().id())
                        : words.say("shell.operation.ended-because", now.id(), now.state().id(), now.reasonWords().words());
                if (now.state() == Operation.State.FAILED || now.state() == Operation.State.ROLLED_BACK) {
                    throw new CommandException(outcome + (now.detail() == null ? "" : System.lineSeparator() + "  "
                            + now.detail()));
                }
                System.out.println(outcome);
                if (now.detail() != null) {
                    System.out.println("  " + now.detail());
                }
                return null;
            }
            Thread.sleep(200);
        }
        System.out.println(words.say("shell.operation.running", operation.id()));
        return null;
    }
}
