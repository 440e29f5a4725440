package be.imio.platform.conseil.internal;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * What staff change on an agenda, checked the same way for the JSON API and the pages' forms:
 * each reads its fields through {@code fields} (a JSON body's, or a form's) and records each
 * problem there.
 */
final class AgendaChanges {

    /** A new item: its title, and whether citizens may see it ({@code public}, true unless false). */
    record NewItem(String title, boolean isPublic) {
    }

    private AgendaChanges() {
    }

    /**
     * A new item: {@code public} is {@code true}, {@code false}, or absent (public). Anything else
     * ({@code 0}, {@code null}, {@code "false"}, {@code "no"}) is refused, never read as public: an
     * item meant for closed doors must not reach the citizens' agenda by a program's mistake.
     */
    static NewItem item(JsonNode body, JsonFields fields, Texts texts) {
        String title = fields.text("title", 300, texts.message("field.item_title"));
        JsonNode open = body.path("public");
        if (!open.isMissingNode() && !open.isBoolean()) {
            fields.reject("public", texts.message("error.public"));
        }
        return new NewItem(title, open.isMissingNode() || open.asBoolean());
    }

    /** The agenda place asked for: 1 to the agenda's size. */
    static int position(JsonFields fields, Meeting meeting) {
        return fields.number("position", 1, Math.max(1, meeting.agenda().size()));
    }

    static String decision(JsonFields fields, Texts texts) {
        return fields.text("decision", 2000, texts.message("field.decision"));
    }
}
