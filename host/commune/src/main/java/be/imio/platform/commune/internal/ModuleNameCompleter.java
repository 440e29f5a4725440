package be.imio.platform.commune.internal;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes module names: those in the catalogue and those this host has run, by short name and as
 * {@code GROUP:ARTIFACT} (which a short name released by several groups needs).
 */
@Service
public final class ModuleNameCompleter implements Completer {

    @Reference
    CatalogueSync sync;

    @Reference
    ModuleEngine engine;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> names = new TreeSet<>();
        sync.catalogue().modules().keySet().forEach(id -> {
            names.add(id.name());
            names.add(id.toString());
        });
        try {
            engine.ledger().modules().forEach(m -> {
                names.add(m.name());
                names.add(m.id().toString());
            });
        } catch (java.sql.SQLException e) {
            // the catalogue's names are still offered
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
