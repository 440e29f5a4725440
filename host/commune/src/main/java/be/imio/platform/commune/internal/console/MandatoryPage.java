package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.commune.api.Refusal;
import be.imio.platform.console.api.ConsolePage;

/**
 * Deferring a mandatory update, {@code /console/mandatory/MODULE}: the form (GET), the deferral
 * (POST, administrators). Reached from the dashboard's section ({@link ConsoleMandatory}).
 */
@Component(service = ConsolePage.class)
public final class MandatoryPage extends CommunePage {

    public MandatoryPage() {
        super("mandatory", "menu.dashboard", 75, false);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty() || !view.admin) {
            host.problem(view, path.isEmpty() ? 404 : 403, path.isEmpty() ? "problem.this-page-does-not-exist"
                    : "problem.this-account-may-read-but");
            return;
        }
        ConsoleMandatory.form(host, view, path);
    }

    @Override
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty()) {
            host.problem(view, 404, "problem.this-page-does-not-exist");
            return;
        }
        ConsoleMandatory.defer(host, view, path);
    }
}
