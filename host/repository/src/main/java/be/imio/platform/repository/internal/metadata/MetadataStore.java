package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.ReleasesRole;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.repository.internal.maven.ImmutableFileCache;

/**
 * The published metadata files of the repository, as any plain HTTP mirror would serve them:
 * {@code N.root.json}, {@code N.targets.json} and {@code N.snapshot.json} never change once
 * written; {@code root.json}, {@code targets.json}, {@code snapshot.json} and
 * {@code timestamp.json} name the newest. Every file is written to a temporary name and renamed,
 * so a reader (or a crash) never sees half a file; the timestamp is written last, so until it is,
 * hosts keep seeing the previous consistent set.
 *
 * <p>Old versions of targets and snapshot are pruned: the newest {@code keep} of each stay, which
 * covers what any live timestamp pins (the newest snapshot, which pins the newest targets) and a
 * host that read a timestamp a few publications ago. Every root version stays forever, since a
 * host walks the chain of roots from the one it trusts.
 */
public final class MetadataStore {

    private final Path folder;
    /** The newest document of each role as published, served without touching the disk. */
    private final Map<String, ImmutableFileCache.Cached> latest = new ConcurrentHashMap<>();
    /** Versioned documents, which never change. */
    private final ImmutableFileCache versions = new ImmutableFileCache(16L * 1024 * 1024);

    private final int keep;

    MetadataStore(Path folder, int keep) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.keep = Math.max(2, keep);
    }

    /**
     * The published bytes of {@code name} ({@code timestamp.json}, {@code 3.targets.json}...), or
     * null when there is none. The caller has checked that the name is a metadata file name.
     */
    ImmutableFileCache.Cached read(String name, boolean versioned) throws IOException {
        if (versioned) {
            return versions.get(folder.resolve(name));
        }
        ImmutableFileCache.Cached cached = latest.get(name);
        if (cached == null && Files.exists(folder.resolve(name))) {
            cached = ImmutableFileCache.of(Files.readAllBytes(folder.resolve(name)));
            latest.putIfAbsent(name, cached);
        }
        return cached;
    }

    Path folder() {
        return folder;
    }

    /** The newest document of the delegated role {@code name} ({@code NAME.json}), if one was published. */
    public Optional<SignedMetadata> latest(String name) throws IOException, MetadataException {
        ImmutableFileCache.Cached published = read(name + ".json", false);
        return published == null ? Optional.empty() : Optional.of(SignedMetadata.parse(published.bytes()));
    }

    /**
     * The newest document of every delegated role ever published here, by name (the publishers'
     * roles, and the repository's own {@code releases} role when the top-level targets are offline): a role no longer
     * delegated stays pinned by the snapshot, since hosts refuse a snapshot that stops pinning a
     * document they hold (The Update Framework specification, 5.5.5).
     */
    public java.util.Map<String, SignedMetadata> delegated() throws IOException, MetadataException {
        java.util.Map<String, SignedMetadata> all = new java.util.TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((name.startsWith(DELEGATED_PREFIX) || name.equals(ReleasesRole.NAME + ".json")) && name.endsWith(".json")) {
                    String role = name.substring(0, name.length() - ".json".length());
                    latest(role).ifPresent(document -> all.put(role, document));
                }
            }
        }
        return all;
    }

    /** The prefix of the delegated roles' names: each is a publisher's. */
    public static final String DELEGATED_PREFIX = "publisher-";

    /**
     * Publishes {@code document} as the newest of the delegated role {@code name}, under its
     * version too ({@code VERSION.NAME.json}, kept until pruned as targets are); the snapshot that
     * pins it is published after, so hosts never read a snapshot pinning what is not there.
     */
    void publishDelegated(String name, SignedMetadata document) throws IOException, MetadataException {
        byte[] bytes = document.toBytes();
        Path versioned = folder.resolve(document.version() + "." + name + ".json");
        if (Files.exists(versioned)) {
            // A versioned document is served as immutable: another one under its name would never reach anyone.
            throw new MetadataException(name + " version " + document.version() + " is published already");
        }
        writeAtomically(versioned, bytes);
        writeAtomically(folder.resolve(name + ".json"), bytes);
        latest.put(name + ".json", ImmutableFileCache.of(bytes));
        prune("." + name + ".json");
    }

    /** The newest document of {@code role}, if one was published. */
    public Optional<SignedMetadata> latest(Role role) throws IOException, MetadataException {
        ImmutableFileCache.Cached published = read(role.fileName(), false);
        return published == null ? Optional.empty() : Optional.of(SignedMetadata.parse(published.bytes()));
    }

    /** Publishes {@code document} as the newest of its role (and, but for the timestamp, under its version). */
    void publish(SignedMetadata document) throws IOException, MetadataException {
        Role role = document.type();
        byte[] bytes = document.toBytes();
        if (role != Role.TIMESTAMP) {
            writeAtomically(folder.resolve(document.version() + "." + role.fileName()), bytes);
        }
        writeAtomically(folder.resolve(role.fileName()), bytes);
        latest.put(role.fileName(), ImmutableFileCache.of(bytes));
        if (role == Role.TARGETS || role == Role.SNAPSHOT) {
            prune(role);
        }
    }

    /**
     * Publishes {@code documents} (targets, snapshot, timestamp) together: every file is written
     * to a temporary file first, and only once all are on disk are they moved into place, which
     * takes no space. A full disk or any write error thus leaves the published metadata as it
     * was, never a targets document without the snapshot and timestamp that pin it.
     */
    void publishAll(List<SignedMetadata> documents) throws IOException, MetadataException {
        publishAll(Map.of(), documents);
    }

    /**
     * As {@link #publishAll(List)}, with the delegated roles {@code delegated} (by name: the
     * repository's {@code releases} role) written before {@code documents}, which pin them.
     */
    void publishAll(Map<String, SignedMetadata> delegated, List<SignedMetadata> documents)
            throws IOException, MetadataException {
        List<String> names = new ArrayList<>();
        List<SignedMetadata> all = new ArrayList<>();
        for (Map.Entry<String, SignedMetadata> role : delegated.entrySet()) {
            Path versioned = folder.resolve(role.getValue().version() + "." + role.getKey() + ".json");
            if (Files.exists(versioned)) {
                throw new MetadataException(role.getKey() + " version " + role.getValue().version() + " is published already");
            }
            names.add(role.getKey() + ".json");
            all.add(role.getValue());
        }
        for (SignedMetadata document : documents) {
            names.add(document.type().fileName());
            all.add(document);
        }
        java.util.LinkedHashMap<Path, Path> moves = new java.util.LinkedHashMap<>();
        List<Path> latestMoves = new ArrayList<>();
        try {
            for (int i = 0; i < all.size(); i++) {
                SignedMetadata document = all.get(i);
                String name = names.get(i);
                byte[] bytes = document.toBytes();
                if (!name.equals(Role.TIMESTAMP.fileName())) {
                    moves.put(written(bytes, document.version() + "." + name), folder.resolve(document.version() + "." + name));
                }
                Path latestFile = written(bytes, name);
                latestMoves.add(latestFile);
                moves.put(latestFile, folder.resolve(name));
            }
        } catch (IOException e) {
            for (Path tmp : moves.keySet()) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        // Versions first, then the newest of each document in order, the timestamp last: a host
        // never reads a timestamp pinning a snapshot that is not there.
        for (var move : moves.entrySet()) {
            if (!latestMoves.contains(move.getKey())) {
                Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Path tmp = latestMoves.get(i);
            Files.move(tmp, moves.get(tmp), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            latest.put(names.get(i), ImmutableFileCache.of(all.get(i).toBytes()));
        }
        prune(Role.TARGETS);
        prune(Role.SNAPSHOT);
        for (String name : delegated.keySet()) {
            prune("." + name + ".json");
        }
    }

    private Path written(byte[] bytes, String name) throws IOException {
        Path tmp = Files.createTempFile(folder, "." + name, ".tmp");
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Deletes the versions of {@code role} older than the newest {@code keep}. */
    private void prune(Role role) throws IOException {
        prune("." + role.fileName());
    }

    /** Deletes the versioned files ending with {@code suffix} older than the newest {@code keep}. */
    private void prune(String suffix) throws IOException {
        List<Long> versions = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                String number = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : "";
                if (number.matches("\\d{1,18}")) {
                    versions.add(Long.parseLong(number));
                }
            }
        }
        versions.sort(Comparator.reverseOrder());
        for (Long version : versions.subList(Math.min(keep, versions.size()), versions.size())) {
            Files.deleteIfExists(folder.resolve(version + suffix));
        }
    }

    private void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
