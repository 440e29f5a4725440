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
 * {@link ObjectWriter} are immutable, and each one handed out reads and writes through a
 * {@code JsonFactory} of its own, so no caller can change how another reads or writes: a shared
 * {@code ObjectMapper}, or a shared factory ({@code reader().getFactory().configure(...)}), could
 * be reconfigured by anyone holding it. The platform's own answers ({@link JsonAnswers}) use a
 * factory no caller is ever given.
 *
 * @since 1.0 of this package
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }

    /**
     * A reader of the platform's configuration: {@code Json.reader().readTree(bytes)}, or a typed
     * read with {@code forType}. Each call gives one with a factory of its own: keep it rather than
     * ask for one per value read.
     */
    public static ObjectReader reader() {
        return READER.with(MAPPER.getFactory().copy());
    }

    /** A writer of the platform's configuration: {@code Json.writer().writeValueAsBytes(node)}; as {@link #reader()}. */
    public static ObjectWriter writer() {
        return WRITER.with(MAPPER.getFactory().copy());
    }

    /** The reader whose factory no caller is given, for the platform's own answers. */
    static ObjectReader ownReader() {
        return READER;
    }

    /** The writer whose factory no caller is given, for the platform's own answers. */
    static ObjectWriter ownWriter() {
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
