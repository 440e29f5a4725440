package be.imio.platform.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one byte form of a JSON value that signatures cover: UTF-8, no white space, object members
 * sorted by name (by Unicode code point), strings escaped only where JSON requires it, integers
 * only. Two parties that agree on a value always produce the same bytes, whatever their JSON
 * library printed; and two different values never produce the same bytes. What has no single
 * form is refused rather than written: floating-point numbers, and strings holding a lone UTF-16
 * surrogate such as U+D800 (which UTF-8 cannot encode: Java would write {@code ?} for it, so the
 * escaped lone surrogate and {@code "?"} would sign alike).
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /**
     * @throws IllegalArgumentException for floating-point numbers, whose text forms differ between
     *     libraries and so cannot be signed, and for texts (values or member names) holding a lone
     *     surrogate
     */
    public static byte[] bytes(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    members.add(it.next());
                }
                members.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
                out.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(members.get(i).getKey(), out);
                    out.append(':');
                    write(members.get(i).getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(value.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(value.textValue(), out);
            case NUMBER -> {
                if (!value.isIntegralNumber()) {
                    throw new IllegalArgumentException("signed metadata holds integers only, not "
                            + MetadataException.excerpt(value.toString()));
                }
                out.append(value.bigIntegerValue());
            }
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getNodeType());
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("signed metadata cannot hold the lone surrogate \\u%04x,"
                        + " which has no UTF-8 form", (int) c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
