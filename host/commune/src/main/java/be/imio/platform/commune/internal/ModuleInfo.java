package be.imio.platform.commune.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the signed targets say about a module release for people: title, description, category
 * and release notes in French and English, and the features it depends on. The repository takes
 * them from the module's bundle when the release is published; a field it did not give shows as
 * the module's name or as empty.
 */
record ModuleInfo(ModuleRelease release, JsonNode custom) {

    static ModuleInfo of(ModuleRelease release) {
        return new ModuleInfo(release, release.features().custom());
    }

    String title(ConsoleView view) {
        String title = text(view, "title");
        return title.isEmpty() ? release.name() : title;
    }

    String description(ConsoleView view) {
        return text(view, "description");
    }

    String category(ConsoleView view) {
        return text(view, "category");
    }

    String notes(ConsoleView view) {
        return text(view, "notes");
    }

    List<String> dependencies() {
        List<String> names = new ArrayList<>();
        custom.path("dependencies").forEach(d -> names.add(d.asText()));
        return names;
    }

    /**
     * Who publishes a module: the publisher accounts the signed targets name for its
     * {@code releases} (newest first, each once); empty when the targets name none.
     */
    static java.util.Set<String> publishers(List<ModuleRelease> releases) {
        java.util.Set<String> accounts = new java.util.LinkedHashSet<>();
        releases.stream().map(ModuleRelease::releasedBy).filter(a -> a != null && !a.isBlank()).forEach(accounts::add);
        return accounts;
    }

    private String text(ConsoleView view, String field) {
        JsonNode texts = custom.path(field);
        String text = texts.path(view.english() ? "en" : "fr").asText("");
        return text.isEmpty() ? texts.path("fr").asText("") : text;
    }
}
