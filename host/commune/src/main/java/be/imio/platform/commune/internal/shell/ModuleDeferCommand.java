package be.imio.platform.commune.internal.shell;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.MandatoryUpdate;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.lifecycle.MandatoryUpdates;

/**
 * {@code imio:module-defer MODULE DATE "reason"}: defers the mandatory update pending for a module,
 * once, to a later date (Brussels time, {@code 2026-12-20T18:00}, or with its offset); without a
 * date and reason, lists the mandatory updates pending.
 */
@Service
@Command(scope = "imio", name = "module-defer", description = "Defers a mandatory update once, with a reason; lists them without arguments")
public final class ModuleDeferCommand implements Action {

    @Argument(index = 0, name = "module", description = "GROUP:ARTIFACT, or its short name")
    @Completion(ModuleNameCompleter.class)
    String module;

    @Argument(index = 1, name = "date", description = "the new date: 2026-12-20T18:00 (Brussels time)")
    String date;

    @Argument(index = 2, name = "reason", description = "why, in a sentence (quoted)")
    String reason;

    @Reference
    ModuleService modules;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        try {
            if (module == null) {
                for (MandatoryUpdate update : modules.mandatoryUpdates()) {
                    System.out.println(words.say("shell.mandatory.pending", update.module(), update.runs(), update.version(),
                            words.dateTime(update.requiredBy()), update.reason(), words.dateTime(update.due())));
                    if (update.deferral() != null) {
                        System.out.println("  " + words.say("shell.mandatory.deferred", words.dateTime(update.deferral().until()),
                                update.deferral().by(), update.deferral().reason()));
                    }
                }
                return null;
            }
            if (date == null || reason == null) {
                throw new CommandException(words.say("shell.mandatory.usage"));
            }
            Instant until = MandatoryUpdates.parseUntil(date);
            var done = modules.defer(module, null, until, reason, ShellUtil.getCurrentUserName(), "shell");
            System.out.println(words.say("shell.mandatory.done", done.moduleId(), done.toVersion(), words.dateTime(until)));
        } catch (Refusal refused) {
            throw new CommandException(words.say("shell.refused", refused.asMessage().words()), refused);
        }
        return null;
    }
}
