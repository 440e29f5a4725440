package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.Refusal;

/**
 * The audit log, {@code /console/activity}: operations and settings changes, filtered.
 */
@Component(service = ConsolePage.class)
public final class ActivityPage extends CommunePage {

    public ActivityPage() {
        super("activity", "menu.activity", 40, true);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty()) {
            ConsoleOperations.activity(host, view);
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
