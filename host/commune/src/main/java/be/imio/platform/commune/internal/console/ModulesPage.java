package be.imio.platform.commune.internal.console;

import java.io.IOException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Refusal;

/**
 * The modules this host runs, {@code /console/modules}, and the confirmation of a change to one,
 * {@code /console/modules/NAME/ACTION}, whose form posts back to its own address.
 */
@Component(service = ConsolePage.class)
public final class ModulesPage extends CommunePage {

    private static final Pattern ACTION = Pattern.compile("/(" + ModuleId.REFERENCE + ")/([a-z]+)");

    public ModulesPage() {
        super("modules", "menu.modules", 30, true);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher action = ACTION.matcher(path);
        if (path.isEmpty()) {
            ConsoleModules.list(host, view);
        } else if (action.matches() && ConsoleModules.action(action.group(2)) != null) {
            ConsoleModules.confirm(host, view, action.group(1), ConsoleModules.action(action.group(2)));
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }

    @Override
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher action = ACTION.matcher(path);
        if (action.matches() && ConsoleModules.action(action.group(2)) != null) {
            ConsoleModules.submit(host, view, action.group(1), ConsoleModules.action(action.group(2)));
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
