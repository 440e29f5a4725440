package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.api.Texts;

/** The commune host's shell texts ({@code OSGI-INF/l10n/shell*.properties}), in a session's words. */
final class ShellTexts {

    private static final Texts TEXTS = Texts.of(ShellTexts.class.getClassLoader(), "shell");

    private ShellTexts() {
    }

    /** For {@code session} (null outside a session: the process's environment decides). */
    static ShellWords of(Session session) {
        return ShellWords.of(TEXTS, session == null ? null : session::get);
    }

    /** A table whose column titles are the texts {@code keys}. */
    static ShellTable table(ShellWords words, String... keys) {
        ShellTable table = new ShellTable();
        words.headers(keys).forEach(table::column);
        return table;
    }
}
