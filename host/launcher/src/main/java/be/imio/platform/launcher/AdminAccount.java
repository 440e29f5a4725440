package be.imio.platform.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The administrator account created with each instance: a random password, never a default one,
 * stored in {@code etc/users.properties} only as the digest Karaf's JAAS realm checks
 * ({@code encryption.algorithm = SHA-512} in {@code etc/org.apache.karaf.jaas.cfg}). The realm's
 * digest is unsalted, which is safe here because the password is 120 random bits, not a word.
 */
record AdminAccount(String user, String password) {

    static final String USER = "admin";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 21;

    static AdminAccount generate(SecureRandom random) {
        StringBuilder password = new StringBuilder(LENGTH + 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 7 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new AdminAccount(USER, password.toString());
    }

    /** The {@code users.properties} lines: the user in the administrators' group, and the group's roles. */
    String usersEntries() {
        return user + " = {CRYPT}" + digest(password) + "{CRYPT},_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";
    }

    static String digest(String password) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-512").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }
}
