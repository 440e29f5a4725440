package be.imio.platform.launcher;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A Karaf {@code .cfg} file, read strictly enough to catch a damaged file before Karaf starts
 * (Karaf itself would skip it quietly and boot without it), and edited line by line so that the
 * operator's comments and layout stay as they were.
 */
final class CfgFile {

    private static final Pattern ENTRY = Pattern.compile("^\\s*[^\\s=:#!][^=:]*?\\s*[=:].*", Pattern.DOTALL);

    private final Path path;
    private final List<String> lines;
    private final Properties values = new Properties();

    private CfgFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
    }

    /** Reads and checks {@code path}; the message of a refusal names the file and the line. */
    static CfgFile read(Path path, Path shownFrom) throws LaunchException {
        String shown = shownFrom.relativize(path).toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new LaunchException(shown + " is not a text file (it is not valid UTF-8); restore it from the"
                    + " distribution's etc/ folder or a backup");
        } catch (IOException e) {
            throw new LaunchException("cannot read " + shown + ": " + e.getMessage());
        }
        CfgFile cfg = new CfgFile(path, new ArrayList<>(List.of(text.split("\\R", -1))));
        cfg.check(shown);
        try {
            cfg.values.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(shown + " is damaged (" + e.getMessage() + "); fix it or restore it from"
                    + " the distribution's etc/ folder");
        }
        return cfg;
    }

    private void check(String shown) throws LaunchException {
        StringBuilder logical = new StringBuilder();
        int firstLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (char c : line.toCharArray()) {
                if (c < 0x20 && c != '\t' && c != '\f') {
                    throw new LaunchException(shown + " line " + (i + 1) + " holds a control character; the file"
                            + " is damaged: fix it or restore it from the distribution's etc/ folder");
                }
            }
            if (logical.length() == 0) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    continue;
                }
                firstLine = i + 1;
            }
            if (endsWithContinuation(line)) {
                logical.append(line, 0, line.length() - 1);
                continue;
            }
            logical.append(line);
            if (!ENTRY.matcher(logical).matches()) {
                throw new LaunchException(shown + " line " + firstLine + " is not 'key = value': '"
                        + abbreviate(logical.toString().strip()) + "'; fix it or restore the file from the"
                        + " distribution's etc/ folder");
            }
            logical.setLength(0);
        }
    }

    /** True when {@code line} continues on the next one: it ends with an odd number of backslashes. */
    static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    String get(String key) {
        return values.getProperty(key);
    }

    /** Sets {@code key}, replacing its existing entry in place (all its continuation lines) or appending it. */
    CfgFile set(String key, String value) {
        String entry = key + " = " + escape(value);
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.startsWith(key) && trimmed.substring(key.length()).strip().matches("^[=:].*")) {
                int last = i;
                while (last < lines.size() - 1 && endsWithContinuation(lines.get(last))) {
                    last++;
                }
                lines.subList(i, last + 1).clear();
                lines.add(i, entry);
                values.setProperty(key, value);
                return this;
            }
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.add(lines.size() - 1, entry);
        } else {
            lines.add(entry);
        }
        values.setProperty(key, value);
        return this;
    }

    /**
     * Backslashes doubled, and anything beyond ASCII as {@code \\uXXXX}: Karaf reads {@code etc/*.cfg}
     * as ISO-8859-1, so "Commune de Namur-Lès-Bains" written as UTF-8 would come back garbled.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    void write() throws IOException {
        Files.writeString(path, String.join("\n", lines), StandardCharsets.UTF_8);
    }

    /** The integer at {@code key}, checked to be a TCP port. */
    int port(String key, Path shownFrom) throws LaunchException {
        String raw = get(key);
        String where = shownFrom.relativize(path) + " (" + key + ")";
        if (raw == null) {
            throw new LaunchException(where + " is missing; set it to a free TCP port");
        }
        try {
            int port = Integer.parseInt(raw.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LaunchException(where + " is '" + raw + "', not a TCP port; use a number from 1 to 65535");
        }
    }
}
