package be.imio.platform.maven;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import be.imio.platform.trust.SigningKey;

/**
 * Makes a publisher's signing key ({@code mvn be.imio.platform:imio-maven-plugin:keygen}): an
 * Ed25519 key pair whose private half is written under a pass-phrase to {@code imio.signing.key}
 * (default {@code ~/.imio/publisher.key}, the owner's only), and its public half, as iMio registers
 * it, beside it ({@code .pub.json}). It never replaces a key file.
 */
@Mojo(name = "keygen", requiresProject = false)
public final class KeygenMojo extends AbstractMojo {

    /** Where the key is written. */
    @Parameter(property = "imio.signing.key", defaultValue = "${user.home}/.imio/publisher.key")
    private File key;

    /** The pass-phrase; asked twice on the terminal when not given. */
    @Parameter(property = "imio.signing.passphrase")
    private String passphrase;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path file = key.toPath().toAbsolutePath();
        if (Files.exists(file)) {
            throw new MojoFailureException(file + " exists: a key is never replaced here (a new key means a new"
                    + " registration at iMio); choose another -Dimio.signing.key");
        }
        char[] phrase = passphrase();
        if (phrase.length < 12) {
            throw new MojoFailureException("a pass-phrase of at least 12 characters, please");
        }
        try {
            Path folder = Files.createDirectories(file.getParent());
            if (Files.getFileStore(folder).supportsFileAttributeView("posix") && folder.endsWith(".imio")) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
            SigningKey signing = SigningKey.generate();
            signing.writeEncrypted(file, phrase);
            Path publicFile = file.resolveSibling(file.getFileName() + ".pub.json");
            Files.writeString(publicFile, signing.publicKey().toJson().toString() + "\n");
            getLog().info("Key " + signing.publicKey().id() + " written to " + file + " (under your pass-phrase)");
            getLog().info("Send " + publicFile + " to iMio: they register it for your account. Keep a copy of the key"
                    + " file and, apart from it, of the pass-phrase: a lost key cannot sign again.");
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(phrase, '\0');
        }
    }

    private char[] passphrase() throws MojoFailureException {
        if (passphrase != null) {
            return passphrase.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new MojoFailureException("no terminal to ask the pass-phrase on: give -Dimio.signing.passphrase=...");
        }
        char[] first = console.readPassword("Pass-phrase of the new key: ");
        char[] second = console.readPassword("Once more: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new MojoFailureException("the two pass-phrases differ");
        }
        return first;
    }
}
