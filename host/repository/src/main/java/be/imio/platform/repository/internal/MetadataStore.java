package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;

/**
 * The published metadata files of the repository, as any plain HTTP mirror would serve them:
 * {@code N.root.json}, {@code N.targets.json} and {@code N.snapshot.json} never change once
 * written; {@code root.json}, {@code targets.json}, {@code snapshot.json} and
 * {@code timestamp.json} name the newest. Every file is written to a temporary name and renamed,
 * so a reader (or a crash) never sees half a file; the timestamp is written last, so until it is,
 * hosts keep seeing the previous consistent set.
 */
final class MetadataStore {

    private final Path folder;
    /** The newest document of each role as published, served without touching the disk. */
    private final Map<String, ImmutableFileCache.Cached> latest = new ConcurrentHashMap<>();
    /** Versioned documents, which never change. */
    private final ImmutableFileCache versions = new ImmutableFileCache(16L * 1024 * 1024);

    MetadataStore(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
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

    /** The newest document of {@code role}, if one was published. */
    Optional<SignedMetadata> latest(Role role) throws IOException, MetadataException {
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
