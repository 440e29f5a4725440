package be.imio.platform.store.etc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;

/** A configuration's file, replaced whole with its comments kept, and what Configuration Admin is given. */
class EtcConfigurationsTest {

    @TempDir
    Path etc;

    private Dictionary<String, Object> given;
    private boolean deleted;

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                        given = properties;
                        yield null;
                    }
                    case "delete" -> {
                        deleted = true;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void theFileKeepsItsCommentsAndOrderAndHoldsExactlyTheNewValues() throws Exception {
        Path file = etc.resolve("be.imio.platform.host.cfg");
        Files.writeString(file, "#\n# Commune host settings.\n#\nrepositoryUrl =\n# stable or testing.\nchannel = stable\n"
                + "old.key = gone\\\n   still gone\nsyncIntervalSeconds: 300\n", StandardCharsets.ISO_8859_1);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("repositoryUrl", "https://depot.imio.be/a b");
        properties.put("channel", "testing");
        properties.put("syncIntervalSeconds", "240");
        properties.put("maintenanceWindow", "22:00-05:00");
        properties.put("service.pid", "be.imio.platform.host");
        properties.put("felix.fileinstall.filename", file.toUri().toString());

        EtcConfigurations.update(configuration("be.imio.platform.host"), etc, properties);

        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("#\n# Commune host settings.\n#\nrepositoryUrl = https://depot.imio.be/a b\n"
                + "# stable or testing.\nchannel = testing\nsyncIntervalSeconds = 240\n"), text);
        assertTrue(text.endsWith("maintenanceWindow = 22:00-05:00\n"), "a new key is appended: " + text);
        assertFalse(text.contains("gone"), "a key no longer given goes, with its continued lines: " + text);
        Properties back = read(file);
        assertEquals(4, back.size(), back.toString());
        assertEquals("https://depot.imio.be/a b", back.getProperty("repositoryUrl"));
        // Configuration Admin gets the same values without File Install's file name: so File
        // Install writes nothing, and its watcher finds the file already saying what the
        // configuration holds.
        assertNull(given.get("felix.fileinstall.filename"));
        assertNull(given.get("service.pid"));
        assertEquals(4, given.size(), given.toString());
        assertEquals("240", given.get("syncIntervalSeconds"));
        try (var listing = Files.list(etc)) {
            assertEquals(1, listing.count(), "nothing left beside the file");
        }
    }

    @Test
    void valuesThatTheFormatWouldMisreadAreEscaped() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("leading", "  spaced");
        values.put("slashes", "C:\\data\\x");
        values.put("lines", "one\ntwo");
        values.put("accents", "Liège — Lüttich");
        values.put("odd key=1", "# not a comment");
        Path file = etc.resolve("x.cfg");
        EtcConfigurations.write(file, values);
        Properties back = read(file);
        values.forEach((key, value) -> assertEquals(value, back.getProperty(key), key));
        assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).chars().allMatch(c -> c < 0x7f),
                "ASCII only, read alike in every encoding");
    }

    @Test
    void aFileThatDidNotExistIsCreatedAndDeleteTakesBoth() throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("courrier", "be.imio.courrier");
        Configuration publishers = configuration("be.imio.platform.repository.publishers");
        EtcConfigurations.update(publishers, etc, properties);
        Path file = etc.resolve("be.imio.platform.repository.publishers.cfg");
        assertEquals("courrier = be.imio.courrier\n", Files.readString(file));
        EtcConfigurations.delete(publishers, etc);
        assertTrue(deleted);
        assertFalse(Files.exists(file));
    }

    @Test
    void aFileThatCannotBeWrittenFailsAndStaysAsItWas() throws Exception {
        Path file = etc.resolve("y.cfg");
        Files.writeString(file, "a = 1\n");
        Path blocker = etc.resolve(".y.cfg.part");
        Files.createDirectory(blocker);
        Files.writeString(blocker.resolve("inside"), "x");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("a", "2");
        try {
            EtcConfigurations.update(configuration("y"), etc, properties);
            throw new AssertionError("written over a folder");
        } catch (java.io.IOException expected) {
            assertEquals("a = 1\n", Files.readString(file), "the file is untouched");
        }
    }
}
