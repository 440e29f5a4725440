package be.imio.platform.console.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token the console's log-in form carries, so that only that form, as this host served it,
 * can log in: a page of a module (same origin) can submit a form to {@code /console/login} in a
 * window it opened, and five wrong passwords would lock the staff member out of the address they
 * work from; it cannot read the log-in page (that window is cut off from it,
 * {@code Cross-Origin-Opener-Policy}, and scripts' requests for console pages are refused), so it
 * cannot send the token. A token is its expiry and 16 random bytes, with their HMAC-SHA256 under a
 * key made at each start (RFC 2104): nothing is stored, and a token from before a restart is
 * refused like a forged one (the page then offers a new one).
 */
final class LoginTokens {

    /** How long a log-in page may stay open before its form is refused. */
    static final Duration VALIDITY = Duration.ofHours(12);

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final Clock clock;

    LoginTokens(Clock clock) {
        this.clock = clock;
        random.nextBytes(key);
    }

    /** A new token, valid for {@link #VALIDITY}. */
    String issue() {
        ByteBuffer body = ByteBuffer.allocate(Long.BYTES + 16);
        body.putLong(clock.millis() + VALIDITY.toMillis());
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        body.put(nonce);
        return spelled(body.array());
    }

    /** The one way this instance writes the token for {@code bytes}: base64url without padding (RFC 4648, 5). */
    private String spelled(byte[] bytes) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(bytes) + "." + base64.encodeToString(mac(bytes));
    }

    /** True when {@code token} is one this instance issued since it started, not expired. */
    boolean valid(String token) {
        if (token == null || token.length() > 200) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
        // The whole token is compared with the one this instance writes for those bytes: base64
        // decoders ignore the unused low bits of a last character, so comparing decoded bytes
        // would accept several spellings of one token.
        if (bytes.length != Long.BYTES + 16 || !MessageDigest.isEqual(spelled(bytes).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        return ByteBuffer.wrap(bytes).getLong() >= clock.millis();
    }

    private byte[] mac(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
