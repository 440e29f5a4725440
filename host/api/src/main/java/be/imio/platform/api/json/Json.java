package be.imio.platform.api.json;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform's JSON configuration, shared safely: Jackson's {@link ObjectReader} and
 * {@link ObjectWriter} are immutable, so one of each serves every thread of every bundle, and no
 * caller can change how another reads or writes (a shared {@code ObjectMapper} could be
 * reconfigured by anyone holding it).
 *
 * @since 1.0 of this package
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }

    /** The shared reader: {@code Json.reader().readTree(bytes)}, or a typed read with {@code forType}. */
    public static ObjectReader reader() {
        return READER;
    }

    /** The shared writer: {@code Json.writer().writeValueAsBytes(node)}. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new, empty JSON array. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** {@code text} parsed; an empty text is a missing node. */
    public static JsonNode parse(String text) throws IOException {
        return READER.readTree(text);
    }
}
