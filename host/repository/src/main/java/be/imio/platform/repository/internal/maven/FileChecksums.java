package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checksums of a released file (every algorithm Maven asks for), computed in one read of the
 * file when it is released and kept beside it in {@code .NAME.checksums}: a request for
 * {@code NAME.sha1}, an ETag or the checksum a deploy uploads is then answered without reading the
 * file again. A record names the file it was computed from (length, modification time, file key):
 * a file that is not that one any more (replaced, restored from a backup) has its checksums
 * computed again, once. The record's name starts with a dot, which no repository path may
 * ({@link MavenPath#safe}): it is never served nor uploaded.
 */
public final class FileChecksums {

    private static final String SUFFIX = ".checksums";
    private static final String SOURCE = "file";
    /** Files hashed at the same time by several requests are hashed once; the others wait for it. */
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private FileChecksums() {
    }

    /** The checksums of {@code file}, from its record when it still describes it; null when there is no such file. */
    static Map<String, String> of(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            return null;
        }
        Map<String, String> recorded = read(file, attributes);
        if (recorded != null) {
            return recorded;
        }
        synchronized (LOCKS[Math.floorMod(file.hashCode(), LOCKS.length)]) {
            recorded = read(file, attributes);
            return recorded != null ? recorded : record(file);
        }
    }

    /** Computes the checksums of {@code file} and records them beside it, replacing any record; at release. */
    static Map<String, String> record(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Map<String, String> sums = compute(file);
        StringBuilder text = new StringBuilder(SOURCE).append(' ').append(source(attributes)).append('\n');
        sums.forEach((algorithm, hex) -> text.append(algorithm).append(' ').append(hex).append('\n'));
        Path record = recordOf(file);
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return sums;
    }

    /** The checksums of {@code file} in every algorithm ({@link Checksums#algorithms}), in hex, from one read of it. */
    static Map<String, String> compute(Path file) throws IOException {
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        Checksums.algorithms().forEach(algorithm -> digests.put(algorithm, Checksums.digest(algorithm)));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, read);
                }
            }
        }
        Map<String, String> sums = new LinkedHashMap<>();
        digests.forEach((algorithm, digest) -> sums.put(algorithm, HexFormat.of().formatHex(digest.digest())));
        return sums;
    }

    private static Map<String, String> read(Path file, BasicFileAttributes attributes) throws IOException {
        String text;
        try {
            text = Files.readString(recordOf(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> sums = new LinkedHashMap<>();
        String source = null;
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith(SOURCE + " ")) {
                source = line.substring(space + 1);
            } else if (space > 0) {
                sums.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        boolean complete = sums.keySet().containsAll(Checksums.algorithms());
        return complete && source(attributes).equals(source) ? sums : null;
    }

    /** What tells this file from another put at the same path later. */
    private static String source(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return attributes.size() + " " + attributes.lastModifiedTime().toInstant() + (key == null ? "" : " " + key);
    }

    private static Path recordOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + SUFFIX);
    }
}
