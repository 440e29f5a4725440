package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key kept on a person's machine, its private half under a pass-phrase. */
class SigningKeyFileTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Test
    void anEncryptedKeyReadsBackWithItsPassPhraseOnlyAndIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate();
        Path file = dir.resolve("publisher.key");
        key.writeEncrypted(file, PASSPHRASE);

        String text = Files.readString(file);
        assertTrue(text.contains("-----BEGIN IMIO ENCRYPTED PRIVATE KEY-----"), text);
        assertFalse(text.contains("-----BEGIN PRIVATE KEY-----"), "no private key in clear");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        SigningKey read = SigningKey.readFrom(file, PASSPHRASE);
        assertEquals(key.publicKey(), read.publicKey());
        byte[] data = "a role".getBytes(StandardCharsets.UTF_8);
        assertTrue(key.publicKey().verifies(data, read.sign(data)), "the private half is the same");

        MetadataException wrong = assertThrows(MetadataException.class,
                () -> SigningKey.readFrom(file, "wrong horse".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong pass-phrase"), wrong.getMessage());
        MetadataException noPhrase = assertThrows(MetadataException.class, () -> SigningKey.readFrom(file));
        assertTrue(noPhrase.getMessage().contains("protected by a pass-phrase"), noPhrase.getMessage());
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> SigningKey.generate().writeEncrypted(file, PASSPHRASE), "a person's key is never replaced");
        assertEquals(key.publicKey(), SigningKey.readFrom(file, PASSPHRASE).publicKey());
    }

    @Test
    void aChangedByteOrAnotherPublicKeyIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("publisher.key");
        SigningKey.generate().writeEncrypted(file, PASSPHRASE);
        String text = Files.readString(file);
        String body = text.substring(text.indexOf("-----\n") + 6, text.indexOf("\n-----END"));
        byte[] block = Base64.getMimeDecoder().decode(body);
        block[block.length - 1] ^= 1;
        Files.writeString(file, text.replace(body, Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(block)));
        assertThrows(MetadataException.class, () -> SigningKey.readFrom(file, PASSPHRASE), "GCM's tag fails");

        Path swapped = dir.resolve("swapped.key");
        SigningKey.generate().writeEncrypted(swapped, PASSPHRASE);
        Path other = dir.resolve("other.key");
        SigningKey.generate().writeEncrypted(other, PASSPHRASE);
        String mine = Files.readString(swapped);
        String theirs = Files.readString(other);
        String publicBlock = theirs.substring(theirs.indexOf("-----BEGIN PUBLIC KEY-----"));
        Files.writeString(swapped, mine.substring(0, mine.indexOf("-----BEGIN PUBLIC KEY-----")) + publicBlock);
        MetadataException mismatch = assertThrows(MetadataException.class, () -> SigningKey.readFrom(swapped, PASSPHRASE));
        assertTrue(mismatch.getMessage().contains("do not belong together"), mismatch.getMessage());
    }

    @Test
    void aKeyInClearStillReadsWithOrWithoutAPassPhrase(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate();
        Path file = dir.resolve("root.key");
        key.writeTo(file);
        assertEquals(key.publicKey(), SigningKey.readFrom(file).publicKey());
        assertEquals(key.publicKey(), SigningKey.readFrom(file, PASSPHRASE).publicKey());
    }
}
