package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.Refusal;

/**
 * The host's settings, {@code /console/settings}: shown to all, saved by an administrator.
 */
@Component(service = ConsolePage.class)
public final class SettingsPage extends CommunePage {

    public SettingsPage() {
        super("settings", "menu.settings", 50, true);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty()) {
            ConsoleSettings.show(host, view);
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }

    @Override
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty()) {
            ConsoleSettings.save(host, view);
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
