package be.imio.platform.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses a zip archive (a bundle jar, a .kar) that two readers could read as two different
 * archives. Readers of one jar do not agree on which entries it holds: the JDK's {@code JarFile}
 * and Felix read the central directory at the end of the file, and of two entries of one name keep
 * the last; Karaf's features resolver streams the local headers from the start and keeps the
 * first. A check made with one reader then says nothing of what the other runs: a jar with two
 * {@code META-INF/MANIFEST.MF} passed the repository's namespace checks on its second manifest,
 * while Karaf resolved it by its first, which claimed the platform's own names.
 *
 * <p>An archive is accepted when it reads one way only:
 * <ul>
 * <li>no two entries have the same name, case ignored (the JDK finds the manifest whatever its
 *     case, and case-insensitive file systems merge such names when unpacking);</li>
 * <li>its local headers, read from the first byte in order, are exactly the entries of its
 *     central directory, in the same order, with the same names, methods, flags and sizes, with
 *     nothing before, between or after them but their data (no prefixed stub, no entry the
 *     directory does not list), and the directory ends the file (its comment aside);</li>
 * <li>no Zip64, no encryption, no archive split over disks, names in valid UTF-8;</li>
 * <li>{@code META-INF/MANIFEST.MF}, when present, is spelled so and is the first entry, or the
 *     second after {@code META-INF/}: where {@code JarInputStream} looks for it, and where every
 *     jar tool writes it.</li>
 * </ul>
 * The repository applies it at release, to every jar and .kar, and a host again to every jar it
 * fetched, before Karaf reads it: a signature says the repository released a file, not that the
 * rules of that repository were those of this host.
 */
public final class ArchiveLayout {

    /** The stable error code of every refusal. */
    public static final String CODE = "ambiguous_archive";
    public static final String MANIFEST = "META-INF/MANIFEST.MF";

    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int END_LENGTH = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_ENTRIES = 65_535;

    /** What the central directory says of one entry. */
    private record Entry(byte[] name, String text, int flags, int method, long crc, long compressed, long size,
            long offset) {
    }

    private ArchiveLayout() {
    }

    /**
     * Checks the archive {@code file}; answers its entry names in order.
     *
     * @throws PolicyViolation when the archive could be read in two ways, or is not a plain zip
     * @throws IOException when the file cannot be read, {@link java.util.zip.ZipException} when it is no zip
     */
    public static List<String> check(Path file) throws PolicyViolation, IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            long end = findEnd(channel, length);
            ByteBuffer eocd = read(channel, end, END_LENGTH);
            int disk = u16(eocd, 4);
            int directoryDisk = u16(eocd, 6);
            int onDisk = u16(eocd, 8);
            int count = u16(eocd, 10);
            long directorySize = u32(eocd, 12);
            long directoryOffset = u32(eocd, 16);
            if (disk != 0 || directoryDisk != 0 || onDisk != count || count == 0xFFFF
                    || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
                throw new PolicyViolation(400, CODE, "policy.archive-split");
            }
            if (directoryOffset + directorySize != end) {
                throw new PolicyViolation(400, CODE, "policy.archive-gap-before-end");
            }
            List<Entry> entries = directory(channel, directoryOffset, directorySize, count);
            checkNames(entries);
            checkLocalHeaders(channel, entries, directoryOffset);
            return entries.stream().map(Entry::text).toList();
        }
    }

    /** The end record, the last one whose comment reaches exactly the end of the file. */
    private static long findEnd(FileChannel channel, long length) throws IOException {
        long from = Math.max(0, length - END_LENGTH - MAX_COMMENT);
        ByteBuffer tail = read(channel, from, (int) (length - from));
        for (int i = tail.limit() - END_LENGTH; i >= 0; i--) {
            if (tail.getInt(i) == END && i + END_LENGTH + u16(tail, i + 20) == tail.limit()) {
                return from + i;
            }
        }
        throw new java.util.zip.ZipException("not a zip archive: no end of central directory");
    }

    private static List<Entry> directory(FileChannel channel, long offset, long size, int count)
            throws IOException, PolicyViolation {
        if (size > Integer.MAX_VALUE || count > MAX_ENTRIES) {
            throw new PolicyViolation(400, CODE, "policy.archive-directory-too-large");
        }
        ByteBuffer cd = read(channel, offset, (int) size);
        List<Entry> entries = new ArrayList<>(count);
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + 46 > cd.limit() || cd.getInt(at) != CENTRAL) {
                throw new PolicyViolation(400, CODE, "policy.archive-directory-unreadable");
            }
            int flags = u16(cd, at + 8);
            int nameLength = u16(cd, at + 28);
            int extraLength = u16(cd, at + 30);
            int commentLength = u16(cd, at + 32);
            int entryDisk = u16(cd, at + 34);
            long compressed = u32(cd, at + 20);
            long uncompressed = u32(cd, at + 24);
            long local = u32(cd, at + 42);
            int next = at + 46 + nameLength + extraLength + commentLength;
            if (next > cd.limit()) {
                throw new PolicyViolation(400, CODE, "policy.archive-directory-unreadable");
            }
            if (compressed == 0xFFFFFFFFL || uncompressed == 0xFFFFFFFFL || local == 0xFFFFFFFFL || entryDisk != 0) {
                throw new PolicyViolation(400, CODE, "policy.archive-zip64-entry");
            }
            if ((flags & 1) != 0) {
                throw new PolicyViolation(400, CODE, "policy.archive-encrypted-entry");
            }
            byte[] name = new byte[nameLength];
            cd.get(at + 46, name);
            entries.add(new Entry(name, utf8(name), flags, u16(cd, at + 10), u32(cd, at + 16), compressed,
                    uncompressed, local));
            at = next;
        }
        if (at != cd.limit()) {
            throw new PolicyViolation(400, CODE, "policy.archive-more-entries");
        }
        return entries;
    }

    private static void checkNames(List<Entry> entries) throws PolicyViolation {
        Map<String, String> seen = new HashMap<>();
        int manifest = -1;
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).text();
            String previous = seen.put(name.toLowerCase(Locale.ROOT), name);
            if (previous != null) {
                throw previous.equals(name) ? new PolicyViolation(400, CODE, "policy.archive-duplicate-name", printable(name))
                        : new PolicyViolation(400, CODE, "policy.archive-duplicate-names", printable(name),
                                printable(previous));
            }
            if (name.equalsIgnoreCase(MANIFEST)) {
                if (!name.equals(MANIFEST)) {
                    throw new PolicyViolation(400, CODE, "policy.archive-manifest-spelling", MANIFEST, printable(name));
                }
                manifest = i;
            }
        }
        boolean expected = manifest == 0 || manifest == 1 && entries.get(0).text().equals("META-INF/");
        if (manifest >= 0 && !expected) {
            throw new PolicyViolation(400, CODE, "policy.archive-manifest-first", MANIFEST);
        }
    }

    /** Reads the local headers from the start and matches each to its directory entry. */
    private static void checkLocalHeaders(FileChannel channel, List<Entry> entries, long directoryOffset)
            throws IOException, PolicyViolation {
        long at = 0;
        for (Entry entry : entries) {
            if (entry.offset() != at) {
                throw disagree(entry, "policy.archive-entry-misplaced");
            }
            if (at + 30 > directoryOffset) {
                throw disagree(entry, "policy.archive-entry-overruns");
            }
            ByteBuffer header = read(channel, at, 30);
            int nameLength = u16(header, 26);
            int extraLength = u16(header, 28);
            int flags = u16(header, 6);
            if (header.getInt(0) != LOCAL || u16(header, 8) != entry.method()
                    || (flags & 0x08) != (entry.flags() & 0x08) || (flags & 1) != 0) {
                throw disagree(entry, "policy.archive-entry-local-header");
            }
            if ((flags & 0x08) == 0 && (u32(header, 14) != entry.crc() || u32(header, 18) != entry.compressed()
                    || u32(header, 22) != entry.size())) {
                throw disagree(entry, "policy.archive-entry-local-sizes");
            }
            if (at + 30 + nameLength > directoryOffset) {
                throw disagree(entry, "policy.archive-entry-overruns");
            }
            byte[] name = new byte[nameLength];
            read(channel, at + 30, nameLength).get(0, name);
            if (!Arrays.equals(name, entry.name())) {
                throw disagree(entry, "policy.archive-entry-local-name", printable(utf8(name)));
            }
            at += 30L + nameLength + extraLength + entry.compressed();
            if ((entry.flags() & 0x08) != 0) {
                at += descriptor(channel, at, entry, directoryOffset);
            }
            if (at > directoryOffset) {
                throw disagree(entry, "policy.archive-entry-overruns");
            }
        }
        if (at != directoryOffset) {
            throw new PolicyViolation(400, CODE, "policy.archive-unlisted-bytes");
        }
    }

    /** The length of the data descriptor at {@code at}, which must repeat the directory's values. */
    private static int descriptor(FileChannel channel, long at, Entry entry, long limit) throws IOException, PolicyViolation {
        if (at + 12 > limit) {
            throw disagree(entry, "policy.archive-entry-no-descriptor");
        }
        ByteBuffer d = read(channel, at, (int) Math.min(16, limit - at));
        int skip = d.limit() >= 16 && d.getInt(0) == DESCRIPTOR ? 4 : 0;
        if (d.limit() < skip + 12 || u32(d, skip) != entry.crc() || u32(d, skip + 4) != entry.compressed()
                || u32(d, skip + 8) != entry.size()) {
            throw disagree(entry, "policy.archive-entry-descriptor");
        }
        return skip + 12;
    }

    /** {@code entry} read two ways, as the text {@code key} (about the entry) with {@code arguments} says. */
    private static PolicyViolation disagree(Entry entry, String key, Object... arguments) {
        return new PolicyViolation(400, CODE, "policy.archive-entry-disagrees", printable(entry.text()),
                TrustTexts.message(key, arguments));
    }

    private static String utf8(byte[] name) throws PolicyViolation {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyViolation(400, CODE, "policy.archive-name-not-utf8");
        }
    }

    /** A name as it may be shown: at most 200 characters, control characters replaced. */
    private static String printable(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "…" : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("archive cut short");
            }
        }
        return buffer.flip();
    }

    private static int u16(ByteBuffer buffer, int at) {
        return Short.toUnsignedInt(buffer.getShort(at));
    }

    private static long u32(ByteBuffer buffer, int at) {
        return Integer.toUnsignedLong(buffer.getInt(at));
    }
}
