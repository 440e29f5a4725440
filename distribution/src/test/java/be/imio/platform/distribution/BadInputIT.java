package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Operator mistakes stop {@code bin/imio} at once with one line saying what is wrong and how to fix
 * it, exit status 2, and nothing created or started.
 */
class BadInputIT {

    private static Distribution.Result imio(String... args) throws Exception {
        return Distribution.unpacked().imio(args);
    }

    private static void assertRefused(Distribution.Result result, String expected) {
        assertEquals(2, result.exitCode(), result.output());
        String message = result.output().strip();
        assertEquals(1, message.lines().count(), "one line, not a stack trace: " + message);
        assertTrue(message.startsWith("imio: "), message);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    private static Path newFolder() throws Exception {
        return Distribution.unpacked().root.resolve("bad-" + System.nanoTime());
    }

    @Test
    void anUnknownRoleCreatesNothing() throws Exception {
        Path dir = newFolder();

        assertRefused(imio("create", dir.toString(), "--role", "mayor"), "unknown role 'mayor': use one of repository, host");
        assertRefused(imio("run", dir.toString(), "--role", "mayor"), "unknown role 'mayor'");
        assertFalse(Files.exists(dir));
    }

    @Test
    void anExistingFolderIsNeverOverwritten() throws Exception {
        Path dir = Files.createDirectories(newFolder());
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertRefused(imio("create", dir.toString(), "--role", "host"), "already exists and is not empty");
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
        try (var entries = Files.list(dir.getParent())) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().contains(".creating-")),
                    "no half-created instance is left behind");
        }
    }

    @Test
    void anInstanceUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(newFolder(), "a file, not a folder");

        assertRefused(imio("create", file.resolve("host").toString(), "--role", "host"), "cannot create folder");
    }

    @Test
    void aPortInUseStopsTheStartBeforeKarafRuns() throws Exception {
        RunningInstance instance = RunningInstance.create(Distribution.unpacked(), "host");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), instance.httpPort));

            assertRefused(imio("run", instance.dir.toString()),
                    "HTTP port " + instance.httpPort + " on 127.0.0.1 is not available");
        }
        assertFalse(Files.exists(instance.dir.resolve("data/log/karaf.log")), "Karaf must not have started");
    }

    @Test
    void anUnwritableDataFolderStopsTheStart() throws Exception {
        RunningInstance instance = RunningInstance.create(Distribution.unpacked(), "host");
        Path data = instance.dir.resolve("data");
        Files.delete(data);
        Files.writeString(data, "not a folder");

        assertRefused(imio("run", instance.dir.toString()), "the data folder " + data + " is not writable");
        assertRefused(imio("check", instance.dir.toString()), "is not writable");
    }

    @Test
    void aDamagedCfgFileIsNamedWithTheFix() throws Exception {
        RunningInstance instance = RunningInstance.create(Distribution.unpacked(), "host");
        Path web = instance.dir.resolve("etc/org.ops4j.pax.web.cfg");
        Path shell = instance.dir.resolve("etc/org.apache.karaf.shell.cfg");
        String original = Files.readString(web);

        Files.write(web, new byte[] {'p', 'o', 'r', 't', '=', (byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertRefused(imio("run", instance.dir.toString()), "etc/org.ops4j.pax.web.cfg is not a text file");

        Files.writeString(web, original + "\nthis line lost its equals sign\n");
        assertRefused(imio("run", instance.dir.toString()), "etc/org.ops4j.pax.web.cfg line ");
        assertRefused(imio("run", instance.dir.toString()), "is not 'key = value': 'this line lost its equals sign'");

        Files.writeString(web, original);
        Files.writeString(shell, Files.readString(shell).replaceAll("sshPort = \\d+", "sshPort = eighty"));
        assertRefused(imio("run", instance.dir.toString()), "(sshPort) is 'eighty', not a TCP port");
        assertFalse(Files.exists(instance.dir.resolve("data/log/karaf.log")), "Karaf must not have started");
    }

    @Test
    void anInstanceKeepsItsRole() throws Exception {
        RunningInstance instance = RunningInstance.create(Distribution.unpacked(), "host");

        assertRefused(imio("run", instance.dir.toString(), "--role", "repository"),
                "is a host instance, not a repository one; a role cannot change");
        assertFalse(Files.exists(instance.dir.resolve("data/log/karaf.log")), "Karaf must not have started");
    }

    @Test
    void aMissingInstanceSaysHowToCreateOne() throws Exception {
        Path dir = newFolder();

        assertRefused(imio("run", dir.toString()), "no instance in " + dir + ": create one with 'bin/imio create");
        assertFalse(Files.exists(dir.resolve("data")), "nothing is created by a failed start");
    }
}
