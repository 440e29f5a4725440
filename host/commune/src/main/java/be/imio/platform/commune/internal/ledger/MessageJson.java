package be.imio.platform.commune.internal.ledger;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.commune.api.Message;

/**
 * A {@link Message} as the journal's {@code REASON_MESSAGE} column holds it:
 * {@code {"key":"reason.revoked","args":["be.imio.platform:courrier","1.0.0"]}}, an argument that
 * is a message being an object of the same shape.
 */
final class MessageJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Deeper than any message the engine writes; a column edited by hand cannot make reading recurse forever. */
    private static final int MAX_DEPTH = 8;

    private MessageJson() {
    }

    /** {@code message} as JSON text, or null for no message, or for one longer than {@code maxChars}. */
    static String write(Message message, int maxChars) {
        if (message == null) {
            return null;
        }
        String text = tree(message).toString();
        return text.length() <= maxChars ? text : null;
    }

    /** The message {@code text} holds, or null when it holds none or cannot be read. */
    static Message read(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return message(JSON.readTree(text), 0);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode tree(Message message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("key", message.key());
        ArrayNode args = node.putArray("args");
        for (Object argument : message.arguments()) {
            if (argument instanceof Message inner) {
                args.add(tree(inner));
            } else {
                args.add(String.valueOf(argument));
            }
        }
        return node;
    }

    private static Message message(JsonNode node, int depth) {
        if (depth > MAX_DEPTH || !node.path("key").isTextual()) {
            throw new IllegalArgumentException("not a message");
        }
        List<Object> arguments = new ArrayList<>();
        for (JsonNode argument : node.path("args")) {
            arguments.add(argument.isObject() ? message(argument, depth + 1) : argument.asText());
        }
        return new Message(node.path("key").asText(), arguments);
    }
}
