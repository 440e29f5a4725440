package be.imio.platform.commune.internal.console;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.console.api.ConsolePage;

/**
 * Deferring a mandatory update, {@code /console/mandatory/MODULE}: the form (GET), the deferral
 * (POST, administrators). Reached from the dashboard's section ({@link ConsoleMandatory}).
 */
@Component(service = ConsolePage.class)
public final class MandatoryPage extends CommunePage {

    private static final Pattern MODULE = Pattern.compile("/(" + ModuleId.REFERENCE + ")");

    public MandatoryPage() {
        super("mandatory", "menu.dashboard", 75, false);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher module = MODULE.matcher(path);
        if (!module.matches()) {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        } else if (!view.admin) {
            host.problem(view, 403, "problem.this-account-may-read-but");
        } else {
            ConsoleMandatory.form(host, view, module.group(1));
        }
    }

    @Override
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher module = MODULE.matcher(path);
        if (!module.matches()) {
            host.problem(view, 404, "problem.this-page-does-not-exist");
            return;
        }
        ConsoleMandatory.defer(host, view, module.group(1));
    }
}
