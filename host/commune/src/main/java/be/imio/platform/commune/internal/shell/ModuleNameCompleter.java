package be.imio.platform.commune.internal.shell;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Refusal;

/**
 * Completes module names: those in the catalogue and those this host has run, by short name and as
 * {@code GROUP:ARTIFACT} (which a short name released by several groups needs).
 */
@Service
public final class ModuleNameCompleter implements Completer {

    @Reference
    CatalogueService catalogue;

    @Reference
    ModuleService modules;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> names = new TreeSet<>();
        catalogue.modules().forEach(m -> {
            names.add(m.id().name());
            names.add(m.id().toString());
        });
        try {
            modules.modules().forEach(m -> {
                names.add(m.module().name());
                names.add(m.module().id().toString());
            });
        } catch (Refusal e) {
            // the catalogue's names are still offered
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
