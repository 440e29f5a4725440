package be.imio.platform.commune.internal.console;

import java.io.IOException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Refusal;

/**
 * The modules this host may install, {@code /console/catalogue}, and each module's page,
 * {@code /console/catalogue/NAME}.
 */
@Component(service = ConsolePage.class)
public final class CataloguePage extends CommunePage {

    private static final Pattern MODULE = Pattern.compile("/(" + ModuleId.REFERENCE + ")");

    public CataloguePage() {
        super("catalogue", "menu.catalogue", 20, true);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        Matcher module = MODULE.matcher(path);
        if (path.isEmpty()) {
            ConsoleCatalogue.list(host, view);
        } else if (module.matches()) {
            ConsoleCatalogue.module(host, view, module.group(1));
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
