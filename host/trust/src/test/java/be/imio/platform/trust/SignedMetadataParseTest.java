package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A document has one byte form: every other text of it, even one whose value is the same, is
 * refused, and so is any value the canonical form cannot hold one way.
 */
class SignedMetadataParseTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));

    private final SigningKey rootKey = SigningKey.generate();
    private final SigningKey onlineKey = SigningKey.generate();

    private TrustRoot trust() throws MetadataException {
        Map<Role, List<VerifyingKey>> keys = Map.of(Role.ROOT, List.of(rootKey.publicKey()),
                Role.TARGETS, List.of(onlineKey.publicKey()), Role.SNAPSHOT, List.of(onlineKey.publicKey()),
                Role.TIMESTAMP, List.of(onlineKey.publicKey()));
        return TrustRoot.initial(SignedMetadata.sign(MetadataDocuments.root(1, NEXT_YEAR, keys, Map.of()), List.of(rootKey)));
    }

    /** Targets listing one artifact whose path holds {@code ?}, as published. */
    private String published() {
        byte[] jar = "a module".getBytes(StandardCharsets.UTF_8);
        Target target = new Target("be/imio/x/1.0.0/what?-1.0.0.jar", jar.length, Digests.sha256Hex(jar), null);
        return new String(SignedMetadata.sign(MetadataDocuments.targets(7, NEXT_YEAR, List.of(target)),
                List.of(onlineKey)).toBytes(), StandardCharsets.UTF_8);
    }

    private static SignedMetadata parse(String text) throws MetadataException {
        return SignedMetadata.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsThePublishedBytesAndGivesThemBackUnchanged() throws Exception {
        String published = published();
        SignedMetadata document = parse(published);
        trust().verify(document, Role.TARGETS, NOW);
        assertArrayEquals(published.getBytes(StandardCharsets.UTF_8), document.toBytes());
    }

    @Test
    void aLoneSurrogateDoesNotCarryTheSignatureOfAQuestionMark() throws Exception {
        // Before, "\ud800" was read into a lone surrogate that Java writes as '?': the signature
        // made for "what?" then verified for the other path.
        String forged = published().replace("what?", "what\\ud800");
        MetadataException refused = assertThrows(MetadataException.class, () -> parse(forged));
        assertTrue(refused.getMessage().contains("surrogate"), refused.getMessage());
        for (String lone : List.of("what\\udc00", "what\\udc00\\ud800", "what\\udbff")) {
            assertThrows(MetadataException.class, () -> parse(published().replace("what?", lone)), lone);
        }
    }

    @Test
    void refusesEveryOtherTextOfTheSameValue() throws Exception {
        String published = published();
        Map<String, String> variants = Map.of(
                "white space", published.replace("\"signed\":{", "\"signed\": {"),
                "a line feed at the end", published + "\n",
                "an escaped letter", published.replace("\"_type\"", "\"_typ\\u0065\""),
                "an escaped solidus", published.replace("be/imio/x", "be\\/imio/x"),
                "members out of order", published.replace("{\"signatures\":", "{\"signed\":{},\"signatures\":"),
                "a byte order mark", "\uFEFF" + published,
                "an upper-case signature", upperCaseSignature(published),
                "a version written -0 + 7", published.replace("\"version\":7", "\"version\":0007"));
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            assertThrows(MetadataException.class, () -> parse(variant.getValue()), variant.getKey());
        }
    }

    private static String upperCaseSignature(String published) {
        int start = published.indexOf("\"sig\":\"") + 7;
        int end = published.indexOf('"', start);
        return published.substring(0, start) + published.substring(start, end).toUpperCase(java.util.Locale.ROOT)
                + published.substring(end);
    }

    @Test
    void refusesFloatingPointNumbersAsMetadataNotAsAnUncheckedError() {
        String published = published();
        for (String number : List.of("7.0", "7e0", "0.7E1")) {
            MetadataException refused = assertThrows(MetadataException.class,
                    () -> parse(published.replace("\"version\":7", "\"version\":" + number)), number);
            assertTrue(refused.getMessage().contains("integers") || refused.getMessage().contains("canonical"),
                    refused.getMessage());
        }
        assertThrows(MetadataException.class, () -> parse(published.replace("\"length\":8", "\"length\":8.0")));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bytes = published().getBytes(StandardCharsets.UTF_8);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("what?") + 4;
        for (byte[] replacement : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0xBF})) {
            byte[] forged = new byte[bytes.length - 1 + replacement.length];
            System.arraycopy(bytes, 0, forged, 0, at);
            System.arraycopy(replacement, 0, forged, at, replacement.length);
            System.arraycopy(bytes, at + 1, forged, at + replacement.length, bytes.length - at - 1);
            assertThrows(MetadataException.class, () -> SignedMetadata.parse(forged));
        }
        assertEquals('?', (char) bytes[at]);
    }
}
