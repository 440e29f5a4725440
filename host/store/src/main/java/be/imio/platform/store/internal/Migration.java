package be.imio.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change: a script named {@code V<version>__<description>.sql}.
 *
 * <p>Statements are separated by a semicolon at the end of a line, which keeps the format plain
 * SQL that runs the same on Derby and PostgreSQL. The checksum lets the migrator notice a script
 * that was edited after it had been applied somewhere.
 */
record Migration(int version, String description, String sql) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    Migration {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1, not " + version);
        }
    }

    /** Builds a migration from a script's file name (without folders) and its text. */
    static Migration fromScript(String fileName, String sql) {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new IllegalArgumentException("migration script '" + fileName
                    + "' is not named V<number>__<description>.sql");
        }
        return new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), sql);
    }

    /** The script's statements, without comments and the separating semicolons. */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            boolean last = trimmed.endsWith(";");
            current.append(last ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append('\n');
            if (last) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /** SHA-256 of the script's text with line endings normalised, in hex. */
    String checksum() {
        try {
            byte[] text = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
