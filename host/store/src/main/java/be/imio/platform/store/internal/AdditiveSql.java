package be.imio.platform.store.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a module's migration may do: only add, so that the release before it still runs on the
 * newer schema after a rollback, and so that no release, by mistake or on purpose, can take away
 * data the commune registered. The platform's own bundles are not held to this.
 *
 * <p>"Only adds" means each statement of the script is one of:
 * <ul>
 * <li>{@code CREATE TABLE ...} (also {@code ... AS SELECT});</li>
 * <li>{@code CREATE [UNIQUE] INDEX ...};</li>
 * <li>{@code CREATE SEQUENCE ...};</li>
 * <li>{@code ALTER TABLE name ADD [COLUMN] column type ...} adding one column that the previous
 * release can ignore: nullable, or {@code NOT NULL} with a {@code DEFAULT}; without
 * {@code PRIMARY KEY}, {@code UNIQUE}, {@code REFERENCES} or {@code CHECK}, which would refuse
 * rows the previous release writes;</li>
 * <li>{@code INSERT INTO ...} (new rows).</li>
 * </ul>
 * Anything else is refused, before any statement of any pending script runs: {@code DROP} of
 * anything, {@code TRUNCATE}, {@code RENAME}, {@code DELETE}, {@code UPDATE} (a new column gets its
 * first value from its {@code DEFAULT}), {@code ALTER TABLE ... DROP / ALTER / ALTER COLUMN /
 * SET / ADD CONSTRAINT}, {@code MERGE}, {@code GRANT} and {@code REVOKE}, {@code CALL} (Derby's
 * system procedures), triggers, procedures and functions, {@code SET SCHEMA}, and two statements
 * in one (a semicolon inside a statement, which PostgreSQL's driver would run as two). The words
 * are found whatever their case and spacing and wherever comments ({@code --}, {@code /* *\/})
 * hide them; text in quotes is ignored. {@code ON DELETE} and {@code ON UPDATE} of a new table's
 * foreign key are allowed: they act only on the new table's rows.
 */
final class AdditiveSql {

    private static final List<Pattern> ALLOWED = List.of(
            Pattern.compile("CREATE TABLE .*"),
            Pattern.compile("CREATE (UNIQUE )?INDEX .*"),
            Pattern.compile("CREATE SEQUENCE .*"),
            Pattern.compile("INSERT INTO .*"),
            Pattern.compile("ALTER TABLE \\S+ ADD (COLUMN )?(?!CONSTRAINT |PRIMARY |UNIQUE |FOREIGN |CHECK )\\S+ .*"));
    /** Words that remove, change or run something, anywhere in a statement. */
    private static final Pattern FORBIDDEN = Pattern.compile("\\b(DROP|TRUNCATE|RENAME|DELETE|UPDATE|ALTER COLUMN"
            + "|MERGE|GRANT|REVOKE|CALL|EXECUTE|TRIGGER|PROCEDURE|FUNCTION|SET SCHEMA|LOCK)\\b");
    /** What would make an ALTER TABLE do more than add a column (PostgreSQL takes several actions in one). */
    private static final Pattern OTHER_ACTION = Pattern.compile("\\b(ALTER|SET|RESET|TYPE|OWNER|DISABLE|ENABLE|INHERIT"
            + "|CLUSTER|VALIDATE|REPLICA|ATTACH|DETACH)\\b");
    /** What would make an added column refuse rows the previous release writes. */
    private static final Pattern NARROWS = Pattern.compile("\\b(PRIMARY KEY|UNIQUE|REFERENCES|CHECK|CONSTRAINT)\\b");

    private AdditiveSql() {
    }

    /**
     * Refuses {@code migration} of {@code component} unless each of its statements only adds.
     *
     * @throws IllegalArgumentException naming the first statement that does more
     */
    static void check(String component, Migration migration) {
        for (String statement : migration.statements()) {
            String sql = normalise(statement);
            String why = refusal(sql);
            if (why != null) {
                throw new IllegalArgumentException("schema migration V" + migration.version() + " ("
                        + migration.description() + ") of '" + component + "' may only add (CREATE TABLE, CREATE INDEX,"
                        + " CREATE SEQUENCE, ALTER TABLE ... ADD a nullable column or one with a DEFAULT, INSERT): "
                        + why + " in: " + abbreviated(sql) + ". Nothing of it was run.");
            }
        }
    }

    /** Why {@code sql} (normalised) does more than add; null when it only adds. */
    static String refusal(String sql) {
        if (sql.isEmpty()) {
            return null;
        }
        if (sql.contains(";")) {
            return "two statements in one";
        }
        Matcher forbidden = FORBIDDEN.matcher(sql.replace("ON DELETE", "").replace("ON UPDATE", ""));
        if (forbidden.find()) {
            return forbidden.group(1) + " removes or changes what is there";
        }
        if (ALLOWED.stream().noneMatch(p -> p.matcher(sql).matches())) {
            return "this statement is none of these";
        }
        if (sql.startsWith("ALTER TABLE ")) {
            Matcher other = OTHER_ACTION.matcher(sql.substring("ALTER TABLE ".length()));
            if (other.find()) {
                return other.group(1) + " changes what is there";
            }
            if (NARROWS.matcher(sql).find()) {
                return "a constraint on an added column refuses rows the previous release writes";
            }
            if (sql.contains("NOT NULL") && !sql.contains(" DEFAULT ")) {
                return "a NOT NULL column without a DEFAULT refuses rows the previous release writes";
            }
        }
        return null;
    }

    /**
     * The statement in upper case on one line with single spaces, without comments, with the text
     * of each quoted string or identifier left out (so that neither hides nor fakes a keyword).
     */
    static String normalise(String statement) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = statement.length();
        while (i < n) {
            char c = statement.charAt(i);
            if (c == '-' && i + 1 < n && statement.charAt(i + 1) == '-') {
                while (i < n && statement.charAt(i) != '\n' && statement.charAt(i) != '\r') {
                    i++;
                }
                out.append(' ');
            } else if (c == '/' && i + 1 < n && statement.charAt(i + 1) == '*') {
                int end = statement.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '\'' || c == '"') {
                // A quote doubled inside is part of the text: skip to the quote that closes it.
                int j = i + 1;
                while (j < n && !(statement.charAt(j) == c && (j + 1 >= n || statement.charAt(j + 1) != c))) {
                    j += statement.charAt(j) == c ? 2 : 1;
                }
                out.append(c).append(c);
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
    }

    private static String abbreviated(String sql) {
        return sql.length() > 120 ? sql.substring(0, 120) + "…" : sql;
    }
}
