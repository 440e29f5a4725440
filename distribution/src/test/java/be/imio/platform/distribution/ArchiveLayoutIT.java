package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** What the archive must hold before anything runs: a complete, offline, role-neutral Karaf. */
class ArchiveLayoutIT {

    @Test
    void eventAdminStartsWithTheFrameworkSoThatTheBootDoesNotStall() throws Exception {
        String startup = Files.readString(Distribution.unpacked().home.resolve("etc/startup.properties"));

        assertTrue(startup.contains("org.apache.karaf.services.eventadmin"),
                "eventadmin must be in etc/startup.properties (standard features in compile scope)");
    }

    @Test
    void everyBootBundleIsInsideTheArchive() throws Exception {
        Path home = Distribution.unpacked().home;
        Properties startup = new Properties();
        try (var in = Files.newInputStream(home.resolve("etc/startup.properties"))) {
            startup.load(in);
        }
        for (String location : startup.stringPropertyNames()) {
            String[] gav = location.substring("mvn:".length()).split("/");
            Path jar = home.resolve("system").resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                    .resolve(gav[1] + "-" + gav[2] + ".jar");
            assertTrue(Files.isRegularFile(jar), "missing from system/: " + location);
        }
        for (String artifact : List.of("imio-platform-api", "imio-platform-store", "imio-platform-web")) {
            assertTrue(Files.isDirectory(home.resolve("system/be/imio/platform").resolve(artifact)), artifact);
        }
    }

    @Test
    void noRemoteRepositoryIsConfigured() throws Exception {
        Properties mvn = new Properties();
        try (var in = Files.newInputStream(Distribution.unpacked().home.resolve("etc/org.ops4j.pax.url.mvn.cfg"))) {
            mvn.load(in);
        }
        assertEquals("", mvn.getProperty("org.ops4j.pax.url.mvn.repositories"));
        assertEquals("false", mvn.getProperty("org.ops4j.pax.url.mvn.useFallbackRepositories"));
    }

    @Test
    void bothArchiveFormatsAreBuiltAndTheLauncherIsExecutable() throws Exception {
        Path archive = Path.of(System.getProperty("imio.distribution"));
        Path zip = Path.of(archive.toString().replace(".tar.gz", ".zip"));
        assertTrue(Files.size(archive) > 10_000_000, "tar.gz");
        assertTrue(Files.size(zip) > 10_000_000, "zip");
        assertTrue(Files.isExecutable(Distribution.unpacked().home.resolve("bin/imio")));
    }
}
