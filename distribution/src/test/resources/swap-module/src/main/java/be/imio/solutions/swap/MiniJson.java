package be.imio.solutions.swap;

/**
 * Just enough JSON for the test module, which has no library of its own: quoting strings, and
 * reading one string member of a flat object whose members are all strings.
 */
final class MiniJson {

    private final String text;
    private int at;

    private MiniJson(String text) {
        this.text = text;
    }

    /** {@code value} as a JSON string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Controls, and the separators JavaScript does not accept raw in a string.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * The string member {@code name} of the object {@code json}, or null when it has none.
     *
     * @throws IllegalArgumentException when {@code json} is not an object of string members
     */
    static String stringMember(String json, String name) {
        MiniJson parser = new MiniJson(json);
        String found = null;
        parser.skipSpace();
        parser.expect('{');
        parser.skipSpace();
        if (parser.peek() == '}') {
            parser.at++;
        } else {
            while (true) {
                parser.skipSpace();
                String key = parser.string();
                parser.skipSpace();
                parser.expect(':');
                parser.skipSpace();
                String value = parser.string();
                if (key.equals(name)) {
                    found = value;
                }
                parser.skipSpace();
                char next = parser.next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or } at " + parser.at);
                }
            }
        }
        parser.skipSpace();
        if (parser.at != json.length()) {
            throw new IllegalArgumentException("text after the object");
        }
        return found;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new IllegalArgumentException("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + escaped);
            }
        }
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char wanted) {
        if (next() != wanted) {
            throw new IllegalArgumentException("expected " + wanted + " at " + (at - 1));
        }
    }
}
