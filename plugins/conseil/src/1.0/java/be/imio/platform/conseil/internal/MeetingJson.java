package be.imio.platform.conseil.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.json.Json;

/** A meeting and its agenda in JSON. */
final class MeetingJson {

    private MeetingJson() {
    }

    static ObjectNode of(Meeting meeting) {
        ObjectNode json = Json.object().put("id", meeting.id()).put("title", meeting.title())
                .put("heldAt", meeting.heldAt().toString()).put("place", meeting.place());
        ArrayNode agenda = json.putArray("agenda");
        for (AgendaItem item : meeting.agenda()) {
            agenda.addObject().put("id", item.id()).put("position", item.position()).put("title", item.title())
                    .put("public", item.isPublic()).put("decision", item.decision()).put("decidedBy", item.decidedBy())
                    .put("decidedAt", item.decidedAt() == null ? null : item.decidedAt().toString());
        }
        return json;
    }
}
