package be.imio.platform.repository.internal.publisher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;

/**
 * The accounts file of a realm's {@code PropertiesLoginModule} ({@code etc/users.properties}),
 * read and changed through Karaf's own backing engine (its layout kept, passwords digested as the
 * realm's {@code encryption.*} options say), but never written in place.
 *
 * <p>Why: the engine saves the whole file from the copy it read when it was built, over the
 * file itself, and swallows a failed save. A login, or an engine built for a read, meanwhile sees
 * a file cut short; an engine built from such a read writes the cut back, and accounts or roles
 * are lost. Here every change is made by one writer at a time, on a copy, checked on a fresh
 * read of that copy, and put in place by an atomic rename: readers see the file before or after,
 * and a change that cannot be written (disk full) changes nothing.
 */
final class RealmFile {

    /** The option of Karaf's properties login module naming its file. */
    static final String USERS = "users";
    /** One writer at a time in this JVM, whichever component asks. */
    private static final Object WRITING = new Object();

    private final BackingEngineFactory factory;
    private final Map<String, ?> options;
    private final Path file;

    /** The file that the login module configured with {@code options} reads, changed with {@code factory}. */
    RealmFile(BackingEngineFactory factory, Map<String, ?> options) {
        this.factory = factory;
        this.options = options;
        this.file = Path.of(String.valueOf(options.get(USERS)));
    }

    /** An engine over the file as it is now, for reading. */
    BackingEngine read() {
        return engineOver(file);
    }

    /**
     * Applies {@code change} to the accounts and puts the result in place only when a fresh read of
     * it satisfies {@code done}.
     *
     * @throws IllegalStateException naming the file when it could not be read, written or checked;
     *         the file is then as it was
     */
    void change(Consumer<BackingEngine> change, Predicate<BackingEngine> done) {
        synchronized (WRITING) {
            Path copy = file.resolveSibling("." + file.getFileName() + ".new");
            try {
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                change.accept(engineOver(copy));
                if (!done.test(engineOver(copy))) {
                    throw new IllegalStateException("the change of " + file + " could not be written");
                }
                try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IllegalStateException("cannot change " + file + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // left for the next change, which replaces it
                }
            }
        }
    }

    private BackingEngine engineOver(Path users) {
        Map<String, Object> over = new HashMap<>(options);
        over.put(USERS, users.toString());
        BackingEngine engine = factory.build(over);
        if (engine == null) {
            throw new IllegalStateException("cannot read " + users);
        }
        return engine;
    }
}
