package be.imio.platform.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An Ed25519 key pair that signs metadata, kept on disk as a PKCS#8 PEM file readable only by its
 * owner, or, for a key kept on a person's machine (a publisher's), with its private half encrypted
 * under a pass-phrase ({@link #writeEncrypted}). Keys are generated, and encrypted, by the JDK;
 * nothing here implements cryptography.
 */
public final class SigningKey {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String ENCRYPTED = "IMIO ENCRYPTED PRIVATE KEY";
    /** PBKDF2 rounds: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int PBKDF2_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final byte FORMAT = 1;

    private final PrivateKey privateKey;
    private final VerifyingKey publicKey;

    private SigningKey(PrivateKey privateKey, VerifyingKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(pair.getPrivate(), VerifyingKey.of(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime has no Ed25519", e);
        }
    }

    public VerifyingKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Writes the key pair to {@code file} (owner read/write only) as two PEM blocks, the PKCS#8
     * private key then the X.509 public key, replacing the file atomically.
     */
    public void writeTo(Path file) throws IOException {
        write(file, pem(PRIVATE, privateKey.getEncoded()) + pem(PUBLIC, publicKey.encoded()), true);
    }

    /**
     * Writes the key pair to {@code file} (owner read/write only, replaced atomically) with its
     * private half encrypted under {@code passphrase}: a key derived by PBKDF2-HMAC-SHA256
     * ({@value #PBKDF2_ITERATIONS} rounds, a random 16-byte salt) encrypts the PKCS#8 private key
     * with AES-256-GCM (a random 12-byte nonce), in one PEM block {@code IMIO ENCRYPTED PRIVATE KEY}
     * (a format byte, the rounds, the salt, the nonce, then the ciphertext and its tag); the X.509
     * public key follows in clear. A wrong pass-phrase or a changed byte fails GCM's check. An
     * existing {@code file} is never replaced ({@link java.nio.file.FileAlreadyExistsException}).
     */
    public void writeEncrypted(Path file, char[] passphrase) throws IOException {
        try {
            byte[] salt = new byte[SALT_BYTES];
            byte[] iv = new byte[IV_BYTES];
            java.security.SecureRandom random = new java.security.SecureRandom();
            random.nextBytes(salt);
            random.nextBytes(iv);
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, derive(passphrase, salt, PBKDF2_ITERATIONS),
                    new javax.crypto.spec.GCMParameterSpec(128, iv));
            byte[] encrypted = cipher.doFinal(privateKey.getEncoded());
            java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(1 + 4 + SALT_BYTES + IV_BYTES + encrypted.length)
                    .put(FORMAT).putInt(PBKDF2_ITERATIONS).put(salt).put(iv).put(encrypted);
            write(file, pem(ENCRYPTED, block.array()) + pem(PUBLIC, publicKey.encoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot encrypt a key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a key pair written by {@link #writeEncrypted} with {@code passphrase}, or by
     * {@link #writeTo} (then {@code passphrase} is not used).
     *
     * @throws MetadataException when the pass-phrase is wrong or the file was changed
     */
    public static SigningKey readFrom(Path file, char[] passphrase) throws IOException, MetadataException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN " + ENCRYPTED + "-----")) {
            return readFrom(file);
        }
        try {
            java.nio.ByteBuffer block = java.nio.ByteBuffer.wrap(block(text, ENCRYPTED, file));
            if (block.get() != FORMAT) {
                throw new MetadataException(file + " is an encrypted key of an unknown format");
            }
            int iterations = block.getInt();
            byte[] salt = new byte[SALT_BYTES];
            byte[] iv = new byte[IV_BYTES];
            block.get(salt).get(iv);
            byte[] encrypted = new byte[block.remaining()];
            block.get(encrypted);
            if (iterations < 100_000 || iterations > 100_000_000) {
                throw new MetadataException(file + " asks for " + iterations + " key derivation rounds");
            }
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, derive(passphrase, salt, iterations),
                    new javax.crypto.spec.GCMParameterSpec(128, iv));
            byte[] pkcs8 = cipher.doFinal(encrypted);
            return checked(file, KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), text);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new MetadataException(file + ": wrong pass-phrase, or the file was changed");
        } catch (GeneralSecurityException | java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new MetadataException(file + " is not a valid encrypted Ed25519 key: " + e.getMessage());
        }
    }

    private static javax.crypto.SecretKey derive(char[] passphrase, byte[] salt, int iterations)
            throws GeneralSecurityException {
        javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new javax.crypto.spec.SecretKeySpec(key, "AES");
        } finally {
            spec.clearPassword();
        }
    }

    /** Writes {@code text} to {@code file}, the owner's only; an existing file is replaced only when {@code replace}. */
    private static void write(Path file, String text, boolean replace) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key-", ".tmp");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A key a person keeps is never replaced: a second keygen on the same file fails instead.
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The key pair of {@code privateKey} and the public key in {@code text}, once checked to belong together. */
    private static SigningKey checked(Path file, PrivateKey privateKey, String text)
            throws MetadataException, GeneralSecurityException {
        VerifyingKey publicKey = VerifyingKey.of(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(block(text, PUBLIC, file))));
        SigningKey key = new SigningKey(privateKey, publicKey);
        byte[] probe = "iMio key check".getBytes(StandardCharsets.US_ASCII);
        if (!publicKey.verifies(probe, key.sign(probe))) {
            throw new MetadataException(file + " holds a private and a public key that do not belong together");
        }
        return key;
    }

    /** Reads a key pair written by {@link #writeTo}, checking that its two halves belong together. */
    public static SigningKey readFrom(Path file) throws IOException, MetadataException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN " + ENCRYPTED + "-----")) {
            throw new MetadataException(file + " is protected by a pass-phrase");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(block(text, PRIVATE, file)));
            return checked(file, privateKey, text);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            throw new MetadataException(file + " is not a valid Ed25519 key pair: " + e.getMessage());
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] block(String text, String label, Path file) throws MetadataException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new MetadataException(file + " has no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
