package be.imio.platform.commune.internal.rest;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.commune.api.MandatoryUpdate;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.lifecycle.MandatoryUpdates;

/**
 * A pending mandatory update as the host's API writes it, and the fields of a deferral as it reads
 * them:
 *
 * <pre>{@code
 * {"module": "courrier", "groupId": "be.imio.solutions", "id": "be.imio.solutions:courrier",
 *  "runs": "1.0.0", "version": "1.0.1", "requiredBy": "2026-12-15T22:00:00Z", "reason": "…",
 *  "deferLimit": "2027-01-14T22:00:00Z", "deferrable": true, "due": "2026-12-15T22:00:00Z",
 *  "heldBy": null, "deferral": {"until": "…", "reason": "…", "by": "admin", "at": "…"}}
 * }</pre>
 *
 * Times are ISO-8601 instants (UTC). {@code heldBy} is null, {@code running}, {@code halted},
 * {@code aborted}, {@code incompatible} or {@code failed} ({@link MandatoryUpdate}).
 */
final class MandatoryJson {

    private MandatoryJson() {
    }

    static ObjectNode of(MandatoryUpdate pending) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("module", pending.module().name())
                .put("groupId", pending.module().groupId()).put("id", pending.module().toString())
                .put("runs", pending.runs()).put("version", pending.version())
                .put("requiredBy", pending.requiredBy().toString()).put("reason", pending.reason())
                .put("deferLimit", pending.deferLimit().toString()).put("deferrable", pending.deferrable())
                .put("due", pending.due().toString()).put("heldBy", pending.heldBy());
        if (pending.deferral() == null) {
            json.putNull("deferral");
        } else {
            json.putObject("deferral").put("until", pending.deferral().until().toString())
                    .put("reason", pending.deferral().reason()).put("by", pending.deferral().by())
                    .put("at", pending.deferral().at().toString());
        }
        return json;
    }

    /** The {@code version} deferred, or null for the one pending. */
    static String version(JsonNode body) throws Refusal {
        JsonNode version = body.path("version");
        if (version.isMissingNode() || version.isNull()) {
            return null;
        }
        if (!version.isTextual() || !version.asText().matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new Refusal(400, "bad_version", "refusal.bad-version");
        }
        return version.asText();
    }

    /** The new date, {@code until} ({@link MandatoryUpdates#parseUntil}). */
    static Instant until(JsonNode body) throws Refusal {
        JsonNode until = body.path("until");
        if (!until.isTextual() || until.asText().length() > 40) {
            throw new Refusal(400, "bad_date", "refusal.deferral-date-required");
        }
        return MandatoryUpdates.parseUntil(until.asText().strip());
    }

    /** The administrator's reason (checked by {@link MandatoryUpdates#defer}). */
    static String reason(JsonNode body) {
        return body.path("reason").isTextual() ? body.path("reason").asText() : null;
    }
}
