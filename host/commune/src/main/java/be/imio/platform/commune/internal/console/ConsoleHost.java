package be.imio.platform.commune.internal.console;

import java.io.IOException;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Refusal;

/**
 * What the console's pages read and act on: the engine's services, and the host's own health
 * checks ({@code health} the host's, {@code backups} the one of the instance's backups), and the
 * instance itself (its platform version). Pages
 * reach the engine through these only.
 */
record ConsoleHost(ModuleService modules, CatalogueService catalogue, HostSettingsService settings, HealthCheck health,
        HealthCheck backups, PlatformInstance instance) {

    /** Writes {@code main} in the console's frame; {@code current} is the path of its entry in the navigation. */
    void page(ConsoleView view, int status, String title, String current, String main) throws IOException {
        view.page(status, title, current, main);
    }

    /** A page saying why something cannot be shown or done ({@code key}'s text), and nothing else. */
    void problem(ConsoleView view, int status, String key) throws IOException {
        page(view, status, view.t("host.not-possible"), null, "<p class=\"error\" role=\"alert\">"
                + view.h(key) + "</p><p><a href=\"/console/\">" + view.h("host.back-to-the-dashboard") + "</a></p>");
    }

    /**
     * A title for a module: its name as released, else its technical name; followed by its group
     * when another group releases a module of the same name, so that the two are never confused.
     */
    String title(ConsoleView view, ModuleId module) {
        String title = catalogue.releases(module).stream().findFirst()
                .map(r -> r.text("title", view.language)).orElse(module.name());
        return catalogue.named(module.name()).stream().allMatch(module::equals) ? title
                : title + " (" + module.groupId() + ")";
    }

    /** A title for what {@code reference} names (a short name, or {@code GROUP:ARTIFACT}); itself when it names no one module. */
    String title(ConsoleView view, String reference) {
        try {
            return title(view, modules.resolve(reference));
        } catch (Refusal e) {
            return reference;
        }
    }
}
