package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveLayoutTest {

    @TempDir
    Path dir;

    /** A zip written byte by byte, as an attacker would, entries stored: names and contents in order. */
    static byte[] rawZip(List<String[]> entries, List<Integer> directoryOrder, String stub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(stub.getBytes(StandardCharsets.UTF_8));
        List<byte[]> central = new ArrayList<>();
        for (String[] entry : entries) {
            byte[] name = entry[0].getBytes(StandardCharsets.UTF_8);
            byte[] data = entry[1].getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(data);
            int offset = out.size();
            ByteBuffer local = le(30 + name.length);
            local.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).putShort((short) name.length)
                    .putShort((short) 0).put(name);
            out.writeBytes(local.array());
            out.writeBytes(data);
            ByteBuffer cd = le(46 + name.length);
            cd.putInt(0x02014b50).putShort((short) 20).putShort((short) 10).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(offset).put(name);
            central.add(cd.array());
        }
        int start = out.size();
        for (int i : directoryOrder) {
            out.writeBytes(central.get(i));
        }
        int size = out.size() - start;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) directoryOrder.size())
                .putShort((short) directoryOrder.size()).putInt(size).putInt(start).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String manifest(String symbolicName) {
        return "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + symbolicName + "\r\n\r\n";
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "a", ".jar"), bytes);
    }

    private String refusal(byte[] zip) throws Exception {
        Path file = write(zip);
        PolicyViolation refused = assertThrows(PolicyViolation.class, () -> ArchiveLayout.check(file));
        assertEquals("ambiguous_archive", refused.code());
        return refused.english();
    }

    @Test
    void acceptsJarsAsTheJdkAndMavenWriteThem() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("a/B.class"));
            jar.write(new byte[5000]);
        }
        // The JDK writes data descriptors after deflated entries.
        assertEquals(List.of("META-INF/MANIFEST.MF", "a/B.class"), ArchiveLayout.check(write(bytes.toByteArray())));
        List<String[]> entries = List.of(new String[] {"META-INF/", ""}, new String[] {"META-INF/MANIFEST.MF",
                manifest("aa.evil.x")}, new String[] {"a/B.class", "x"});
        assertEquals(3, ArchiveLayout.check(write(rawZip(entries, List.of(0, 1, 2), ""))).size());
    }

    @Test
    void refusesTwoManifestsWhicheverReaderWouldPickEither() throws Exception {
        List<String[]> twice = List.of(new String[] {"META-INF/MANIFEST.MF", manifest("be.imio.platform.zz")},
                new String[] {"a/B.class", "x"}, new String[] {"META-INF/MANIFEST.MF", manifest("aa.evil.dupc")});
        assertTrue(refusal(rawZip(twice, List.of(0, 1, 2), "")).contains("two entries of the same name"));
        List<String[]> cased = List.of(new String[] {"META-INF/MANIFEST.MF", manifest("aa.evil.x")},
                new String[] {"meta-inf/manifest.mf", manifest("be.imio.platform.zz")});
        assertTrue(refusal(rawZip(cased, List.of(0, 1), "")).contains("meta-inf/manifest.mf"));
        List<String[]> classes = List.of(new String[] {"META-INF/MANIFEST.MF", manifest("aa.evil.x")},
                new String[] {"a/B.class", "x"}, new String[] {"a/B.class", "y"});
        assertTrue(refusal(rawZip(classes, List.of(0, 1, 2), "")).contains("a/B.class"));
    }

    @Test
    void refusesLocalHeadersTheDirectoryDoesNotList() throws Exception {
        List<String[]> entries = List.of(new String[] {"META-INF/MANIFEST.MF", manifest("be.imio.platform.zz")},
                new String[] {"a/B.class", "x"});
        // A first manifest that only a streaming reader sees: the directory lists the class alone.
        refusal(rawZip(entries, List.of(1), ""));
        // The same entries, listed in another order than they are written.
        refusal(rawZip(entries, List.of(1, 0), ""));
        // Bytes before the first entry (a self-extracting stub, or another archive).
        refusal(rawZip(entries, List.of(0, 1), "#!/bin/sh\n"));
    }

    @Test
    void refusesAManifestWhereReadersDoNotLookForIt() throws Exception {
        List<String[]> late = List.of(new String[] {"a/B.class", "x"}, new String[] {"META-INF/MANIFEST.MF",
                manifest("aa.evil.x")});
        assertTrue(refusal(rawZip(late, List.of(0, 1), "")).contains("must be the archive's first entry"));
        List<String[]> lower = List.<String[]>of(new String[] {"META-INF/manifest.mf", manifest("aa.evil.x")});
        assertTrue(refusal(rawZip(lower, List.of(0), "")).contains("must be spelled"));
    }

    @Test
    void tellsWhatIsNoZipFromWhatIsAmbiguous() throws Exception {
        Path text = write("not a zip".getBytes(StandardCharsets.UTF_8));
        assertThrows(ZipException.class, () -> ArchiveLayout.check(text));
    }
}
