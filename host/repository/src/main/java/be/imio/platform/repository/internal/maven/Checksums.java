package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The checksum files Maven writes beside each artifact. The repository does not keep the uploaded
 * ones: it answers from the released file's own checksums, computed once ({@link FileChecksums}).
 */
public final class Checksums {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");

    private Checksums() {
    }

    /** {@code sha1} for {@code x.jar.sha1}; null when the name is no checksum file. */
    public static String algorithmOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1);
        return ALGORITHMS.containsKey(extension) ? extension : null;
    }

    /** Every algorithm answered: {@code md5}, {@code sha1}, {@code sha256}, {@code sha512}. */
    static Set<String> algorithms() {
        return ALGORITHMS.keySet();
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    /**
     * The {@code algorithm} checksum of the released {@code file}, in hex: read from the checksums
     * recorded at its release, computed (once) only when there are none for this file.
     */
    public static String of(Path file, String algorithm) throws IOException {
        Map<String, String> sums = FileChecksums.of(file);
        if (sums == null) {
            throw new NoSuchFileException(file.toString());
        }
        return sums.get(algorithm);
    }

    public static String of(byte[] bytes, String algorithm) {
        return HexFormat.of().formatHex(digest(algorithm).digest(bytes));
    }
}
