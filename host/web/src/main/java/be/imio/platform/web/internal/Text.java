package be.imio.platform.web.internal;

import be.imio.platform.api.Html;

/** Escaping for the two formats the platform writes by hand: HTML text and JSON strings. */
final class Text {

    private Text() {
    }

    /** Makes {@code raw} safe as HTML element text or a quoted attribute value. */
    static String html(String raw) {
        return Html.escape(raw);
    }

    /** {@code raw} as a quoted JSON string. */
    static String json(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8).append('"');
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
