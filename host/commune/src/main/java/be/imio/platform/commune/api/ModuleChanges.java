package be.imio.platform.commune.api;

import java.util.List;

/**
 * What an operation would change in Karaf, bundle by bundle (their locations): added, updated to
 * another version, refreshed (restarted briefly because they use a bundle that changes), removed.
 */
public record ModuleChanges(List<String> added, List<String> updated, List<String> refreshed, List<String> removed) {

    public ModuleChanges {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        refreshed = List.copyOf(refreshed);
        removed = List.copyOf(removed);
    }
}
