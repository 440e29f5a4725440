package be.imio.platform.launcher;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code etc/} an upgraded instance starts with: a three-way merge, per file and per key, of
 * the instance's files ("ours"), the distribution's files as the version that last ran it shipped
 * them ({@code etc/platform-defaults/}, the base) and the new distribution's ("theirs"), as a
 * package manager treats configuration files it ships:
 * <ul>
 * <li>a file or value the commune never changed (equal to the base) takes the new default, and a
 * key the new distribution drops goes with it;
 * <li>a value the commune set (different from the base) is kept, even where the default changed
 * too (the change says so); a key or file the commune added is kept, one it removed stays removed;
 * <li>a key the new distribution adds gets its default;
 * <li>Karaf's boot features and features repositories are lists: the new distribution's, with the
 * instance's own additions (its role, its database driver) carried to the new version and what it
 * removed left out;
 * <li>accounts ({@code users.properties}, {@code keys.properties}) are never touched; a file that is
 * not {@code key = value} and that the commune edited is kept whole.
 * </ul>
 * A file the commune never changed becomes the new distribution's, whole. One it changed keeps its
 * layout and comments: values are updated in place, and the new distribution's new keys are added
 * at its end, with their comments, under a line naming the upgrade.
 */
final class EtcMerge {

    /** The instance's accounts: never rewritten. */
    private static final Set<String> ACCOUNTS = Set.of(Instance.USERS, "keys.properties");
    /** Written by the launcher itself, not merged. */
    private static final Set<String> OWN = Set.of(InstanceVersion.FILE);
    /** Lists of Karaf features and of features repositories, merged element by element. */
    private static final Map<String, Set<String>> LISTS = Map.of(Instance.FEATURES_CFG,
            Set.of("featuresBoot", "featuresRepositories"));

    /** The merged files (relative path to text or bytes) and what changed, in words for local IT. */
    record Result(Map<String, byte[]> files, Map<String, Path> links, List<String> changes) {
    }

    private final Path ours;
    private final Path base;
    private final Path theirs;
    private final PlatformVersion from;
    private final PlatformVersion to;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Path> links = new LinkedHashMap<>();
    private final List<String> changes = new ArrayList<>();

    /**
     * @param ours the instance's {@code etc/}
     * @param base the distribution's {@code etc/} of version {@code from}, as recorded in the instance
     * @param theirs the new distribution's {@code etc/}, of version {@code to}
     */
    EtcMerge(Path ours, Path base, Path theirs, PlatformVersion from, PlatformVersion to) {
        this.ours = ours;
        this.base = base;
        this.theirs = theirs;
        this.from = from;
        this.to = to;
    }

    Result merge() throws IOException {
        Set<String> names = new TreeSet<>(list(theirs));
        names.addAll(list(ours));
        for (String name : names) {
            mergeFile(name);
        }
        return new Result(files, links, changes);
    }

    /** Writes the merged files into {@code target}, a new folder. */
    static void write(Result result, Path target) throws IOException {
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> file : result.files().entrySet()) {
            Path path = target.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        for (Map.Entry<String, Path> link : result.links().entrySet()) {
            Path path = target.resolve(link.getKey());
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, link.getValue());
        }
    }

    private void mergeFile(String name) throws IOException {
        if (Files.isSymbolicLink(ours.resolve(name))) {
            // Local IT's own arrangement (a file shared between instances, kept elsewhere): left as it is.
            links.put(name, Files.readSymbolicLink(ours.resolve(name)));
            changes.add(name + ": a symbolic link, kept as it is (not merged; the new distribution's file is in etc/"
                    + InstanceVersion.DEFAULTS + "/" + name + ")");
            return;
        }
        byte[] o = read(ours, name);
        byte[] b = read(base, name);
        byte[] t = read(theirs, name);
        if (o == null) {
            if (b != null) {
                changes.add(name + ": removed from this instance, left out (the new distribution has one)");
            } else {
                files.put(name, t);
                changes.add(name + ": new file");
            }
            return;
        }
        if (ACCOUNTS.contains(name) || t == null) {
            if (t == null && b != null && Arrays.equals(o, b)) {
                changes.add(name + ": no longer in the distribution, removed");
                return;
            }
            files.put(name, o);
            return;
        }
        if (Arrays.equals(o, t)) {
            files.put(name, o);
            return;
        }
        if (b != null && Arrays.equals(o, b)) {
            files.put(name, t);
            changes.add(name + ": the new distribution's");
            return;
        }
        if (!isKeyValue(name)) {
            files.put(name, o);
            changes.add(name + ": changed in this instance, kept; the new distribution's is in etc/"
                    + InstanceVersion.DEFAULTS + "/" + name);
            return;
        }
        files.put(name, mergeKeys(name, text(o), b == null ? null : text(b), text(t))
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private String mergeKeys(String name, String o, String b, String t) throws IOException {
        Properties mine = properties(o);
        Properties before = b == null ? new Properties() : properties(b);
        Properties defaults = properties(t);
        Set<String> lists = LISTS.getOrDefault(name, Set.of());
        Map<String, String> merged = new LinkedHashMap<>();
        for (String key : defaults.stringPropertyNames()) {
            String mineValue = mine.getProperty(key);
            String baseValue = before.getProperty(key);
            String newValue = defaults.getProperty(key);
            if (lists.contains(key) && mineValue != null) {
                String list = mergeList(mineValue, baseValue == null ? "" : baseValue, newValue);
                merged.put(key, list);
                if (!elements(list).equals(elements(newValue))) {
                    changes.add(name + ": " + key + " = " + list + " (the new distribution's, with this instance's own)");
                } else if (!elements(list).equals(elements(mineValue))) {
                    changes.add(name + ": " + key + " = " + list);
                }
            } else if (Objects.equals(mineValue, baseValue)) {
                // Never set by the commune: the new default, whatever it is.
                merged.put(key, newValue);
                if (mineValue == null) {
                    changes.add(name + ": new setting " + key + " = " + newValue);
                }
            } else if (mineValue == null) {
                merged.put(key, null);
                changes.add(name + ": " + key + " was removed from this instance, left out");
            } else {
                merged.put(key, mineValue);
                if (!Objects.equals(newValue, baseValue) && !newValue.equals(mineValue)) {
                    changes.add(name + ": kept this instance's " + key + " = " + mineValue + " (the new default is "
                            + newValue + ")");
                }
            }
        }
        Set<String> dropped = new TreeSet<>();
        for (String key : new TreeSet<>(mine.stringPropertyNames())) {
            if (!defaults.containsKey(key) && before.containsKey(key)
                    && before.getProperty(key).equals(mine.getProperty(key))) {
                dropped.add(key);
                changes.add(name + ": " + key + " is no longer used, removed");
            }
        }
        List<String> added = defaults.stringPropertyNames().stream()
                .filter(key -> !mine.containsKey(key) && merged.get(key) != null).sorted().toList();
        return render(name, o, t, merged, dropped, added);
    }

    /**
     * The new list with the instance's own changes to the old one: elements it added (by name: a
     * feature without its version, a repository without its version) carried to the new version
     * when they named the old one, elements it removed left out.
     */
    private String mergeList(String mine, String before, String theirs) {
        List<String> mineList = elements(mine);
        Set<String> beforeNames = elements(before).stream().map(EtcMerge::elementName).collect(Collectors.toSet());
        Set<String> mineNames = mineList.stream().map(EtcMerge::elementName).collect(Collectors.toSet());
        List<String> theirList = elements(theirs);
        Set<String> theirNames = theirList.stream().map(EtcMerge::elementName).collect(Collectors.toSet());
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String element : theirList) {
            String name = elementName(element);
            if (!beforeNames.contains(name) || mineNames.contains(name)) {
                result.add(element);
            }
        }
        for (String element : mineList) {
            String name = elementName(element);
            if (!beforeNames.contains(name) && !theirNames.contains(name)) {
                result.add(element.replace("/" + from.osgi(), "/" + to.osgi())
                        .replace("/" + from + "/", "/" + to + "/"));
            }
        }
        return String.join(", ", result);
    }

    private static List<String> elements(String list) {
        return Stream.of(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code imio-host} for {@code imio-host/0.1.0}; {@code mvn:G/A} for {@code mvn:G/A/V/xml/features}. */
    private static String elementName(String element) {
        String[] parts = element.split("/");
        if (element.startsWith("mvn:") && parts.length >= 2) {
            return parts[0] + "/" + parts[1] + (parts.length > 4 ? "/" + parts[4] : "");
        }
        return parts[0];
    }

    /**
     * The instance's own file, its layout and comments kept: each entry with its merged value (in
     * place), the keys no longer used left out, and the new distribution's new keys after them,
     * each with the comment the new file gives it.
     */
    private String render(String name, String mine, String template, Map<String, String> merged, Set<String> dropped,
            List<String> added) throws IOException {
        List<String> out = new ArrayList<>();
        for (Entry entry : entries(mine)) {
            if (entry.key() == null) {
                out.addAll(entry.lines());
                continue;
            }
            if (dropped.contains(entry.key()) || merged.containsKey(entry.key()) && merged.get(entry.key()) == null) {
                continue;
            }
            String value = merged.get(entry.key());
            if (value == null || value.equals(entry.value())) {
                out.addAll(entry.lines());
            } else {
                out.add(entry(entry.key(), value));
            }
        }
        if (!added.isEmpty()) {
            // Before the file's last line break, when it has one.
            int at = !out.isEmpty() && out.get(out.size() - 1).isEmpty() ? out.size() - 1 : out.size();
            List<String> blocks = new ArrayList<>();
            blocks.add("");
            blocks.add("# Added by the upgrade from " + from + " to " + to + " (the new distribution's file: etc/"
                    + InstanceVersion.DEFAULTS + "/" + name + ").");
            List<String> comments = new ArrayList<>();
            for (Entry entry : entries(template)) {
                if (entry.key() == null) {
                    entry.lines().stream().filter(l -> l.strip().startsWith("#") || l.strip().startsWith("!"))
                            .forEach(comments::add);
                    if (entry.lines().stream().anyMatch(String::isBlank)) {
                        comments.clear();
                    }
                    continue;
                }
                if (added.contains(entry.key())) {
                    blocks.addAll(comments);
                    blocks.addAll(entry.lines());
                }
                comments.clear();
            }
            out.addAll(at, blocks);
        }
        return String.join("\n", out);
    }

    /** A logical line of a {@code .cfg} file: a comment or blank line (no key), or an entry and its continuation lines. */
    private record Entry(String key, String value, List<String> lines) {
    }

    private static List<Entry> entries(String text) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = List.of(text.split("\\R", -1));
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                entries.add(new Entry(null, null, List.of(lines.get(i))));
                continue;
            }
            int first = i;
            while (CfgFile.endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
                i++;
            }
            List<String> logical = lines.subList(first, i + 1);
            Properties one = properties(String.join("\n", logical));
            String key = one.stringPropertyNames().stream().findFirst().orElse(null);
            entries.add(new Entry(key, key == null ? null : one.getProperty(key), List.copyOf(logical)));
        }
        return entries;
    }

    private static String entry(String key, String value) {
        String escapedKey = key.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
        List<String> list = elements(value);
        if (value.contains(",") && list.size() > 2) {
            return escapedKey + " = \\\n    " + list.stream().map(CfgFile::escape).collect(Collectors.joining(", \\\n    "));
        }
        return escapedKey + " = " + CfgFile.escape(value);
    }

    private static boolean isKeyValue(String name) {
        return name.endsWith(".cfg") || name.endsWith(".properties");
    }

    private static Properties properties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    /** Karaf reads these files as ISO-8859-1; so does the merge, byte for byte. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] read(Path folder, String name) throws IOException {
        if (folder == null) {
            return null;
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    /** The files under {@code folder}, relative, without the launcher's own. */
    private static List<String> list(Path folder) throws IOException {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.startsWith(InstanceVersion.DEFAULTS + "/") && !n.startsWith(".")
                            && !n.endsWith(".part") && !OWN.contains(n))
                    .toList();
        }
    }
}
