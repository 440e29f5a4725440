package be.imio.platform.trust;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A release iMio requires every host running an older version of its module to take by a date (a
 * security fix), as signed targets metadata carries it in the {@code required} field of the
 * release's targets:
 *
 * <pre>{@code
 * "required": {"by": "2026-12-15T22:00:00Z", "reason": "Faille XSS corrigée", "deferLimit": "2027-01-14T22:00:00Z"}
 * }</pre>
 *
 * {@code by} is the deadline, an instant (ISO-8601, UTC); {@code reason} says why, for the people
 * who read the host's dashboard (1 to 500 characters); {@code deferLimit} is the latest date a
 * commune may defer the update to, once ({@code by} when it may not be deferred). At the deadline a
 * host running an older version of the module applies the release in its maintenance window,
 * whatever the module's update policy or pin. A {@code required} field that does not read as this
 * is ignored by hosts: a requirement forces code to change, so it is only acted on when it is
 * whole (the release itself is still verified as every other).
 */
public record RequiredUpdate(Instant by, String reason, Instant deferLimit) {

    /** Longest reason, in characters. */
    public static final int MAX_REASON = 500;

    public RequiredUpdate {
        if (by == null || deferLimit == null || deferLimit.isBefore(by)) {
            throw new IllegalArgumentException("a deadline, and a limit to deferrals not before it");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON
                || reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a reason of 1 to " + MAX_REASON + " characters without control characters");
        }
    }

    /** True when a commune may defer this update (once, to a date up to {@link #deferLimit}). */
    public boolean deferrable() {
        return deferLimit.isAfter(by);
    }

    /**
     * When a host is to take this update, having deferred it to {@code deferredUntil} (null: not
     * deferred): that date, at most {@link #deferLimit} (iMio may have shortened it since), else
     * {@link #by}. Hosts and the repository's fleet view decide with this one rule.
     */
    public Instant due(Instant deferredUntil) {
        if (deferredUntil == null) {
            return by;
        }
        return deferredUntil.isAfter(deferLimit) ? deferLimit : deferredUntil;
    }

    /** The signed form, as the {@code required} field of a target's custom data. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("by", by.toString()).put("reason", reason)
                .put("deferLimit", deferLimit.toString());
    }

    /**
     * The requirement a target's {@code custom} data carries: null when it carries none.
     *
     * @throws MetadataException a {@code required} field that does not read as a requirement
     */
    public static RequiredUpdate of(JsonNode custom) throws MetadataException {
        JsonNode required = custom == null ? null : custom.get("required");
        if (required == null || required.isNull()) {
            return null;
        }
        try {
            if (!required.path("by").isTextual() || !required.path("reason").isTextual()
                    || !required.path("deferLimit").isTextual()) {
                throw new IllegalArgumentException("by, reason and deferLimit");
            }
            return new RequiredUpdate(Instant.parse(required.path("by").asText()), required.path("reason").asText(),
                    Instant.parse(required.path("deferLimit").asText()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MetadataException("the requirement of a target does not read: " + e.getMessage());
        }
    }
}
