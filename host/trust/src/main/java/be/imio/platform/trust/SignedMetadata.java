package be.imio.platform.trust;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One metadata document: {@code {"signed": {...}, "signatures": [{"keyid": ..., "sig": ...}]}}.
 * Signatures cover the canonical JSON of {@code signed}. Immutable once built or parsed.
 */
public final class SignedMetadata {

    /** One signature: which key, and the Ed25519 signature in hex. */
    public record Signature(String keyId, byte[] value) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final int MAX_BYTES = 32 * 1024 * 1024;

    private final ObjectNode signed;
    private final List<Signature> signatures;
    private final byte[] signedBytes;

    private SignedMetadata(ObjectNode signed, List<Signature> signatures) {
        this.signed = signed.deepCopy();
        this.signatures = List.copyOf(signatures);
        this.signedBytes = CanonicalJson.bytes(this.signed);
    }

    /** Signs {@code signed} with every key given. */
    public static SignedMetadata sign(ObjectNode signed, List<SigningKey> keys) {
        byte[] bytes = CanonicalJson.bytes(signed);
        List<Signature> signatures = new ArrayList<>();
        for (SigningKey key : keys) {
            signatures.add(new Signature(key.publicKey().id(), key.sign(bytes)));
        }
        return new SignedMetadata(signed, signatures);
    }

    /** {@code message} with what it quotes ({@code '...'} or {@code "..."}) cut to excerpts, at most 200 characters. */
    static String quotedExcerpts(String message) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("'([^']*)'|\"([^\"]*)\"").matcher(message);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            String inside = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
            quoted.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("'" + MetadataException.excerpt(inside)
                    + "'"));
        }
        quoted.appendTail(out);
        String text = out.toString().replaceAll("\\s+", " ");
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /**
     * Reads a document. Refuses what is not well-formed (duplicate members included, since two
     * parsers could then disagree on what was signed) and what is not exactly in canonical form
     * (white space, escapes, member order, floating-point numbers, lone surrogates...): a document
     * has one byte form, the one its pins and fingerprint are computed on. Says nothing yet about trust.
     */
    public static SignedMetadata parse(byte[] json) throws MetadataException {
        if (json.length > MAX_BYTES) {
            throw new MetadataException("metadata of " + json.length + " bytes is larger than the limit of " + MAX_BYTES);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the document, which is whatever a mirror chose to send, and
            // would be shown to staff as the host's warning: only excerpts of what it quotes are kept.
            throw new MetadataException("metadata is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + quotedExcerpts(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new MetadataException("metadata could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (tree == null || !tree.path("signed").isObject() || !tree.path("signatures").isArray()) {
            throw new MetadataException("metadata must be an object with 'signed' and 'signatures'");
        }
        List<Signature> signatures = new ArrayList<>();
        for (JsonNode entry : tree.get("signatures")) {
            try {
                signatures.add(new Signature(entry.path("keyid").asText(), HexFormat.of().parseHex(entry.path("sig").asText())));
            } catch (IllegalArgumentException e) {
                throw new MetadataException("a signature is not hexadecimal");
            }
        }
        SignedMetadata document;
        try {
            document = new SignedMetadata((ObjectNode) tree.get("signed"), signatures);
        } catch (IllegalArgumentException e) {
            // CanonicalJson's own words; what they quote of the document is an excerpt already.
            throw new MetadataException("metadata holds what signed metadata cannot: " + e.getMessage());
        }
        if (!Arrays.equals(json, document.toBytes())) {
            throw new MetadataException("metadata is not in canonical form (sorted members, no white space, integers"
                    + " only, minimal escapes): refused, since another text could then carry the same signature");
        }
        document.type();
        document.version();
        document.expires();
        return document;
    }

    /** The document as published: canonical JSON, so the same document always has the same bytes and hash. */
    public byte[] toBytes() {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.set("signed", signed);
        ArrayNode list = envelope.putArray("signatures");
        for (Signature signature : signatures) {
            list.addObject().put("keyid", signature.keyId()).put("sig", HexFormat.of().formatHex(signature.value()));
        }
        return CanonicalJson.bytes(envelope);
    }

    /** A copy of the signed part. */
    public ObjectNode signed() {
        return signed.deepCopy();
    }

    byte[] signedBytes() {
        return signedBytes;
    }

    /** True when {@code key} made a valid signature of this document. */
    public boolean isSignedBy(VerifyingKey key) {
        for (Signature signature : signatures) {
            if (signature.keyId().equals(key.id()) && key.verifies(signedBytes, signature.value())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that at least {@code threshold} distinct keys of {@code allowed} (looked up in
     * {@code keys}) signed this document; {@code what} names the role in the refusal.
     */
    void checkThreshold(String what, Map<String, VerifyingKey> keys, Set<String> allowed, int threshold)
            throws MetadataException {
        Set<String> valid = new HashSet<>();
        for (Signature signature : signatures) {
            VerifyingKey key = keys.get(signature.keyId());
            if (key != null && allowed.contains(signature.keyId()) && key.verifies(signedBytes, signature.value())) {
                valid.add(signature.keyId());
            }
        }
        if (valid.size() < threshold) {
            throw new MetadataException(what + " version " + version() + " has " + valid.size()
                    + " valid signature(s) of " + threshold + " required");
        }
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /** The role this document claims to be: the {@code _type} member. */
    public Role type() throws MetadataException {
        String type = signed.path("_type").asText("");
        for (Role role : Role.values()) {
            if (role.id().equals(type)) {
                return role;
            }
        }
        throw new MetadataException("metadata type '" + MetadataException.excerpt(type) + "' is unknown");
    }

    public long version() throws MetadataException {
        JsonNode version = signed.path("version");
        if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 1) {
            throw new MetadataException("metadata version must be a whole number from 1");
        }
        return version.asLong();
    }

    public Instant expires() throws MetadataException {
        try {
            return Instant.parse(signed.path("expires").asText());
        } catch (DateTimeParseException e) {
            throw new MetadataException("metadata expiry '" + MetadataException.excerpt(signed.path("expires").asText())
                    + "' is not a UTC time");
        }
    }
}
