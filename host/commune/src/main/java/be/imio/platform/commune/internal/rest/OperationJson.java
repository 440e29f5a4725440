package be.imio.platform.commune.internal.rest;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Operation;

/**
 * An operation as {@code /api/host/operations} answers it: times as ISO-8601 instants (UTC), {@code reason} in French then English
 * as it always was, {@code message} the same in the reader's language and {@code message_en} in
 * English (both null when it has no reason).
 */
public final class OperationJson {

    private OperationJson() {
    }

    /** {@code o} with its reason in {@code language}. */
    public static ObjectNode of(Operation o, Locale language) {
        Message words = o.reasonWords();
        return JsonNodeFactory.instance.objectNode().put("id", o.id()).put("module", o.module()).put("groupId", o.groupId())
                .put("action", o.action().id()).put("fromVersion", o.fromVersion()).put("toVersion", o.toVersion())
                .put("state", o.state().id()).put("requestedBy", o.requestedBy()).put("requestedFrom", o.requestedFrom())
                .put("requestedAt", text(o.requestedAt())).put("startedAt", text(o.startedAt()))
                .put("finishedAt", text(o.finishedAt())).put("reason", o.reason()).put("detail", o.detail())
                .put("policy", o.policy() == null ? null : o.policy().id())
                .put("message", words == null ? null : words.in(language))
                .put("message_en", words == null ? null : words.in(Texts.ENGLISH));
    }

    /** {@code instant} as ISO-8601 text, or null. */
    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
