package be.imio.platform.commune.internal.console;

import java.io.IOException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.Refusal;

/**
 * An operation as it runs, {@code /console/operations/ID}, and its state for that page's script,
 * {@code /console/operations/ID.json}.
 */
@Component(service = ConsolePage.class)
public final class OperationsPage extends CommunePage {

    private static final Pattern OPERATION = Pattern.compile("/(\\d{1,18})(\\.json)?");

    public OperationsPage() {
        super("operations", "menu.modules", 60, false);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher operation = OPERATION.matcher(path);
        if (!operation.matches()) {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        } else if (operation.group(2) != null) {
            ConsoleOperations.json(host, view, Long.parseLong(operation.group(1)));
        } else {
            ConsoleOperations.show(host, view, Long.parseLong(operation.group(1)));
        }
    }
}
