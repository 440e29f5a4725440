package be.imio.platform.trust;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Ed25519 public key as it appears in root metadata, identified by the SHA-256 of its canonical
 * JSON form, so that the id says which key it is and cannot be claimed by another key.
 */
public final class VerifyingKey {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String TYPE = "ed25519";

    private final PublicKey key;
    private final byte[] raw;
    private final String id;

    private VerifyingKey(PublicKey key, byte[] raw) {
        this.key = key;
        this.raw = raw;
        this.id = Digests.sha256Hex(CanonicalJson.bytes(toJson()));
    }

    static VerifyingKey of(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(encoded, X509_PREFIX.length), X509_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return new VerifyingKey(key, Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length));
    }

    /**
     * Reads {@code {"keytype":"ed25519","scheme":"ed25519","keyval":{"public":"<64 hex>"}}}.
     *
     * @throws MetadataException when the object is not such a key
     */
    public static VerifyingKey fromJson(JsonNode json) throws MetadataException {
        if (!TYPE.equals(json.path("keytype").asText()) || !TYPE.equals(json.path("scheme").asText())) {
            throw new MetadataException("key type '" + MetadataException.excerpt(json.path("keytype").asText())
                    + "' is not supported; use ed25519");
        }
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(json.path("keyval").path("public").asText());
        } catch (IllegalArgumentException e) {
            throw new MetadataException("an ed25519 public key must be 64 hexadecimal digits");
        }
        if (raw.length != 32) {
            throw new MetadataException("an ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] encoded = new byte[X509_PREFIX.length + 32];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, 32);
        try {
            return new VerifyingKey(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)), raw);
        } catch (GeneralSecurityException e) {
            throw new MetadataException("invalid ed25519 public key: " + MetadataException.excerpt(e.getMessage()));
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("keytype", TYPE);
        json.put("scheme", TYPE);
        json.putObject("keyval").put("public", HexFormat.of().formatHex(raw));
        return json;
    }

    /** The key's X.509 (SubjectPublicKeyInfo) encoding. */
    byte[] encoded() {
        return key.getEncoded();
    }

    /** Hex SHA-256 of the key's canonical JSON. */
    public String id() {
        return id;
    }

    /** True when {@code signature} is this key's Ed25519 signature of {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifyingKey that && that.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ed25519:" + id.substring(0, 12);
    }
}
