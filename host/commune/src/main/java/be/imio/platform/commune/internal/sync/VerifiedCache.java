package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.WordedIOException;
import be.imio.platform.trust.Target;

/**
 * The host's verified cache of artifacts, in the Maven layout under {@code data/host/verified}.
 * A file appears there only after its length and SHA-256 matched the signed targets; Karaf's
 * Maven resolver reads modules from this folder and from nowhere else on the network.
 */
public final class VerifiedCache {

    /** A downloaded file does not match what the signed metadata pins. */
    public static final class Mismatch extends WordedIOException {
        private static final long serialVersionUID = 1L;

        Mismatch(Message message) {
            super(message);
        }
    }

    private final Path folder;
    private final Path incoming;

    VerifiedCache(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.incoming = Files.createDirectories(folder.getParent().resolve("incoming"));
        // Parts left by a crash were never verified.
        try (var parts = Files.list(incoming)) {
            for (Path part : (Iterable<Path>) parts::iterator) {
                Files.deleteIfExists(part);
            }
        }
    }

    public Path folder() {
        return folder;
    }

    /** The verified file of {@code target}, downloaded first when the cache does not hold it intact. */
    public Path ensure(Target target, RepositoryClient client, long maxBytes) throws IOException, InterruptedException {
        Path file = folder.resolve(target.path()).normalize();
        if (!file.startsWith(folder)) {
            throw new IOException("target path leaves the cache: " + target.path());
        }
        if (Files.isRegularFile(file) && matches(file, target)) {
            return file;
        }
        if (target.length() > maxBytes) {
            throw new WordedIOException(Message.of("cause.larger-than-limit", target.path(), target.length(), maxBytes));
        }
        if (client == null) {
            throw new WordedIOException(Message.of("cause.not-cached", target.path()));
        }
        Path part = Files.createTempFile(incoming, "download-", ".part");
        try {
            client.download(target.path(), part, target.length());
            if (!matches(part, target)) {
                throw new Mismatch(Message.of("cause.not-as-signed", target.path()));
            }
            Files.createDirectories(file.getParent());
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    static boolean matches(Path file, Target target) throws IOException {
        if (Files.size(file) != target.length()) {
            return false;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest()).equals(target.sha256());
    }
}
