package be.imio.platform.store.etc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of a {@code .cfg} file (the {@code java.util.Properties} format, which File Install
 * reads) holding given values, made from its present lines: comments and blank lines kept, each
 * property line of a key given rewritten in place, lines of keys not given dropped, new keys
 * appended in their order. Written in ISO 8859-1 with {@code \}{@code uXXXX} escapes, which File
 * Install reads whatever encoding it is set to.
 */
final class CfgLayout {

    private CfgLayout() {
    }

    static String rewrite(List<String> lines, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                out.add(line);
                continue;
            }
            // A property: its key, then its value, which may go on over lines ending with an odd number of '\'.
            String key = key(trimmed);
            while (continues(lines.get(i)) && i + 1 < lines.size()) {
                i++;
            }
            if (values.containsKey(key) && written.add(key)) {
                out.add(escape(key, true) + " = " + escape(values.get(key), false));
            }
        }
        values.forEach((key, value) -> {
            if (!written.contains(key)) {
                out.add(escape(key, true) + " = " + escape(value, false));
            }
        });
        return String.join("\n", out) + "\n";
    }

    /** The key of a property line, unescaped: up to the first '=', ':' or blank not escaped. */
    static String key(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean continues(String line) {
        int slashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            slashes++;
        }
        return slashes % 2 == 1;
    }

    /** {@code text} as the Properties format reads it back: a key escapes its separators too. */
    static String escape(String text, boolean key) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\f' -> escaped.append("\\f");
                default -> {
                    if ((c == ' ' && (key || i == 0)) || (key && (c == '=' || c == ':' || c == '#' || c == '!'))) {
                        escaped.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
