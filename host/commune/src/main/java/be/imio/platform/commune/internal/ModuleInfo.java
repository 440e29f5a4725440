package be.imio.platform.commune.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import be.imio.platform.commune.internal.sync.ModuleRelease;

/**
 * What the signed targets say about a module release for people: title, description, category
 * and release notes in French and English, and the features it depends on. The repository takes
 * them from the module's bundle when the release is published; a field it did not give shows as
 * the module's name or as empty.
 */
public record ModuleInfo(ModuleRelease release, JsonNode custom) {

    public static ModuleInfo of(ModuleRelease release) {
        return new ModuleInfo(release, release.features().custom());
    }

    public String title(ConsoleView view) {
        String title = text(view, "title");
        return title.isEmpty() ? release.name() : title;
    }

    public String description(ConsoleView view) {
        return text(view, "description");
    }

    public String category(ConsoleView view) {
        return text(view, "category");
    }

    public String notes(ConsoleView view) {
        return text(view, "notes");
    }

    public List<String> dependencies() {
        List<String> names = new ArrayList<>();
        custom.path("dependencies").forEach(d -> names.add(d.asText()));
        return names;
    }

    private String text(ConsoleView view, String field) {
        JsonNode texts = custom.path(field);
        String text = texts.path(view.english() ? "en" : "fr").asText("");
        return text.isEmpty() ? texts.path("fr").asText("") : text;
    }
}
