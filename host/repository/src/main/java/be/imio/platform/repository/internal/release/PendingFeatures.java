package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import be.imio.platform.repository.internal.maven.MavenPath;

/**
 * Files that arrived before what they need. {@code mvn deploy} with Maven 3.9 sends a version's
 * files in parallel, in any order: a features XML may come before its jar, and a pom or a
 * version's sources before the jar that makes the version. A features XML is checked in full at
 * once; when the only thing wrong is that a bundle it names is not released yet, it waits here. A
 * pom (of a jar, bundle or kar) and companions wait for their version's jar, .kar or features XML.
 * What waits is never visible and is released as soon as what it needs is (see {@link ReleaseDesk}),
 * or forgotten when that is refused. Kept on disk ({@code data/repository/pending/ACCOUNT-IN-HEX/PATH},
 * with the uploader's address in {@code PATH.from}), so that a restart between the files of one
 * deploy loses nothing; at most {@link #MAX_PER_PUBLISHER} per publisher, for at most
 * {@link #MAX_AGE_HOURS} hours.
 */
public final class PendingFeatures {

    static final int MAX_PER_PUBLISHER = 50;
    /** What waits longer than this was sent by a build that never finished, and is forgotten. */
    static final long MAX_AGE_HOURS = 24;
    private static final String FROM = ".from";

    /** A waiting features XML: its file here, where it goes, who sent it. */
    record Pending(Path file, MavenPath maven, String account, String address) {
    }

    private final Path root;

    PendingFeatures(Path root) {
        this.root = root;
    }

    /**
     * Keeps {@code received} (moved here) as the features XML {@code maven} of {@code account},
     * replacing one waiting at the same path.
     *
     * @throws ReleaseRefused 429 {@code too_many_pending} when the publisher already has
     *         {@link #MAX_PER_PUBLISHER} waiting
     */
    void park(Path received, MavenPath maven, String account, String address) throws IOException, ReleaseRefused {
        Path folder = root.resolve(encode(account));
        Path file = folder.resolve(maven.path());
        if (!Files.exists(file) && of(account).size() >= MAX_PER_PUBLISHER) {
            throw new ReleaseRefused(429, "too_many_pending", "release.too_many_pending", MAX_PER_PUBLISHER, account);

        }
        Files.createDirectories(file.getParent());
        Files.writeString(file.resolveSibling(file.getFileName() + FROM), address == null ? "" : address);
        Files.move(received, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What {@code account} has waiting, oldest first. */
    List<Pending> of(String account) throws IOException {
        Path folder = root.resolve(encode(account));
        List<Pending> pending = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return pending;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(FROM))
                    .sorted((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))::iterator) {
                MavenPath maven = MavenPath.ofVersionFile(folder.relativize(file).toString().replace('\\', '/'));
                boolean stale = file.toFile().lastModified() < System.currentTimeMillis() - MAX_AGE_HOURS * 3_600_000;
                if (maven == null || stale) {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + FROM));
                    continue;
                }
                Path from = file.resolveSibling(file.getFileName() + FROM);
                String address = Files.exists(from) ? Files.readString(from) : "";
                pending.add(new Pending(file, maven, decode(folder.getFileName().toString()), address));
            }
        }
        return pending;
    }

    /** What every account has waiting, oldest first per account. */
    List<Pending> all() throws IOException {
        List<Pending> all = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return all;
        }
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try {
                    all.addAll(of(decode(folder.getFileName().toString())));
                } catch (IllegalArgumentException notAnAccount) {
                    // Not a folder this class made: left alone.
                }
            }
        }
        return all;
    }

    /** The waiting file of {@code account} at repository path {@code path}; null when none waits there. */
    Path waiting(String account, String path) {
        Path file = root.resolve(encode(account)).resolve(path);
        return MavenPath.safe(path) && Files.isRegularFile(file) ? file : null;
    }

    /** Forgets {@code pending}: released (its file moved away) or refused for good. */
    void drop(Pending pending) throws IOException {
        Files.deleteIfExists(pending.file());
        Files.deleteIfExists(pending.file().resolveSibling(pending.file().getFileName() + FROM));
    }

    /** The account as a folder name: hexadecimal, so that no account name can be a path. */
    private static String encode(String account) {
        return HexFormat.of().formatHex(account.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String folder) {
        return new String(HexFormat.of().parseHex(folder), StandardCharsets.UTF_8);
    }
}
