package be.imio.platform.web.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The anti-forgery tokens a console session gives modules' pages, each derived from the session's
 * secret for forms ({@link Staff#formKey()}) by HMAC-SHA256 (RFC 2104) with a label: one token per
 * module, which only that module's forms carry and the host takes for that module only, and one
 * that only logs the session out. From a token nobody works out the secret, another module's token
 * or the console's own.
 */
public final class FormTokens {

    /** Request attribute of a module's request: the token of the log-out form the platform's frame puts on its page. */
    public static final String LOG_OUT_ATTRIBUTE = "be.imio.platform.log-out-token";

    private FormTokens() {
    }

    /** The token of {@code module}'s forms, base64url without padding. */
    public static String forModule(String formKey, String module) {
        return hmac(formKey, "module:" + module);
    }

    /** The token of the log-out form on modules' pages. */
    public static String forLogOut(String formKey) {
        return hmac(formKey, "log-out");
    }

    /** True when {@code sent} is {@code expected}, compared in constant time; false for null. */
    public static boolean same(String expected, String sent) {
        return expected != null && sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA256 of {@code label} keyed by {@code key}, base64url without padding. */
    public static String hmac(String key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }
}
