package be.imio.platform.repository.internal.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import be.imio.platform.api.ShellWords;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SigningKey;

/** The key files a key holder brings to a signing command ({@code imio:root-sign}, {@code imio:targets-sign}). */
final class KeyFiles {

    private KeyFiles() {
    }

    /** The keys of {@code files}, in order. */
    static List<SigningKey> read(List<String> files) throws IOException, MetadataException {
        List<SigningKey> keys = new ArrayList<>();
        for (String file : files) {
            keys.add(SigningKey.readFrom(Path.of(file)));
        }
        return keys;
    }

    /** The key of {@code name}, created there (and said so, in {@code words}) when the file does not exist yet: a new holder's. */
    static SigningKey readOrCreate(String name, ShellWords words) throws IOException, MetadataException {
        Path file = Path.of(name);
        if (Files.exists(file)) {
            return SigningKey.readFrom(file);
        }
        SigningKey key = SigningKey.generate();
        key.writeTo(file);
        System.out.println(words.say("shell.root.key-created", file));
        return key;
    }
}
