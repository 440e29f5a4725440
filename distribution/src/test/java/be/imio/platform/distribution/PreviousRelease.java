package be.imio.platform.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The instances the previous release left (the fixtures of {@code src/test/fixtures/<version>/},
 * made by {@code make-fixtures}): a central repository with six signed releases and a commune host
 * running three modules with their data. Started by this distribution, each is upgraded first.
 */
final class PreviousRelease {

    /** The release whose instances the fixtures are. */
    static final String VERSION = "0.1.0";
    private static final Path FIXTURES = Path.of("src/test/fixtures", VERSION);

    private PreviousRelease() {
    }

    /**
     * The fixture of {@code role} unpacked as a new folder, on free ports (as local IT would move an
     * instance), a host syncing from {@code repository} (null: from an address where nothing listens).
     */
    static RunningInstance instance(Distribution distribution, String role, RunningInstance repository)
            throws IOException {
        Path dir = distribution.root.resolve("upgraded-" + role + "-" + System.nanoTime());
        unzip(FIXTURES.resolve(role + ".zip"), dir);
        int http = Distribution.freePort();
        int ssh = Distribution.freePort();
        setKey(dir.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(http));
        setKey(dir.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        if (role.equals("host")) {
            String url = "http://127.0.0.1:" + (repository == null ? Distribution.freePort() : repository.httpPort);
            setKey(dir.resolve("etc/be.imio.platform.host.cfg"), "repositoryUrl", url);
            setKey(dir.resolve("etc/be.imio.platform.host.cfg"), "reportUrl", url);
        }
        return RunningInstance.existing(distribution, dir, http, ssh);
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the fixture: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Replaces the line of {@code key} in a {@code .cfg} file, as an operator editing it would. */
    static void setKey(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(cfg)) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.add(key + " = " + value);
                found = true;
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines);
    }

}
