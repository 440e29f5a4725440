package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;

/**
 * Signs metadata as the holder of a running repository's keys would: someone who stole its online
 * keys, or a defect of the repository itself. It reads the key files of {@code data/repository/keys}
 * and the documents the repository publishes, and signs documents the repository would never sign,
 * for a hostile mirror to serve. The signatures are real: a host checks them as any others.
 */
final class StolenKeys {

    static final String METADATA = "/repository/metadata/";
    static final String TIMESTAMP = METADATA + Role.TIMESTAMP.fileName();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningInstance repository;

    /** The keys of {@code repository}, which must be running (its documents are read from it). */
    StolenKeys(RunningInstance repository) {
        this.repository = repository;
    }

    /** The bytes the repository itself serves at {@code path}, such as {@code /repository/metadata/root.json}. */
    byte[] repositoryBytes(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "GET " + path + " from the repository");
        return response.body();
    }

    /** The repository's current document of {@code role}, as it publishes it. */
    SignedMetadata published(Role role) throws Exception {
        return SignedMetadata.parse(repositoryBytes(METADATA + role.fileName()));
    }

    /** The repository's key for {@code role}: the key file whose public key {@code root} names for it. */
    SigningKey key(SignedMetadata root, Role role) throws Exception {
        List<SigningKey> keys = keys(root, role);
        return keys.isEmpty() ? fail("no key file of the repository signs for " + role.id()) : keys.get(0);
    }

    /**
     * Every key file of the repository whose public key {@code root} names for {@code role}: its
     * online keys, and the root keys of {@code offline-keys} while they are still on the server.
     */
    List<SigningKey> keys(SignedMetadata root, Role role) throws Exception {
        Set<String> ids = new HashSet<>();
        root.signed().path("roles").path(role.id()).path("keyids").forEach(id -> ids.add(id.asText()));
        List<SigningKey> found = new java.util.ArrayList<>();
        for (String folder : List.of("data/repository/keys", "offline-keys")) {
            if (!Files.isDirectory(repository.dir.resolve(folder))) {
                continue;
            }
            try (var files = Files.list(repository.dir.resolve(folder))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (file.toString().endsWith(".key")) {
                        SigningKey key = SigningKey.readFrom(file);
                        if (ids.contains(key.publicKey().id())) {
                            found.add(key);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * {@code document} as {@code version}, expiring at {@code expires}, changed by {@code edit},
     * signed with the repository's key for {@code role} (the one its current root names).
     */
    SignedMetadata resign(SignedMetadata document, long version, Instant expires, Role role, Consumer<ObjectNode> edit)
            throws Exception {
        ObjectNode signed = document.signed();
        signed.put("version", version);
        signed.put("expires", expires.toString());
        edit.accept(signed);
        return SignedMetadata.sign(signed, List.of(key(published(Role.ROOT), role)));
    }

    /** A timestamp of {@code version}, valid for a day, pinning {@code snapshot}, signed with the repository's timestamp key. */
    SignedMetadata timestampPinning(SignedMetadata snapshot, long version) throws Exception {
        return resign(published(Role.TIMESTAMP), version, Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS),
                Role.TIMESTAMP, signed -> pin((ObjectNode) signed.get("meta"), snapshot));
    }

    /** Pins {@code document} in {@code meta} (of a snapshot or timestamp) by version, length and SHA-256. */
    static void pin(ObjectNode meta, SignedMetadata document) {
        try {
            pin(meta, document.type().fileName(), document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pins {@code document} in {@code meta} under {@code fileName} (a delegated role's: {@code NAME.json}). */
    static void pin(ObjectNode meta, String fileName, SignedMetadata document) {
        try {
            byte[] bytes = document.toBytes();
            ObjectNode entry = meta.putObject(fileName);
            entry.put("version", document.version());
            entry.put("length", bytes.length);
            entry.putObject("hashes").put("sha256", sha256(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex SHA-256 of {@code bytes}, as metadata writes it. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
