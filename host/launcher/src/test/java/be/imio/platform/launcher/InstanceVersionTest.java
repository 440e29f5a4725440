package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.PlatformRole;

class InstanceVersionTest {

    @TempDir
    Path tmp;

    private Path etc;
    private Instance instance;

    @BeforeEach
    void createdBy010() throws Exception {
        etc = Files.createDirectories(tmp.resolve("dist/etc"));
        Files.writeString(etc.resolve(Instance.FEATURES_CFG), "featuresRepositories = \\\n"
                + "    mvn:be.imio.platform/imio-platform-features/0.1.0/xml/features\nfeaturesBoot = shell\n");
        Files.writeString(etc.resolve(Instance.WEB_CFG), "org.osgi.service.http.port = 8181\n");
        Files.writeString(etc.resolve(Instance.SHELL_CFG), "sshPort = 8101\n");
        Files.writeString(etc.resolve(Instance.USERS), "# no default account\n");
        instance = new Instance(tmp.resolve("host"));
        new InstanceCreator(etc, new SecureRandom(), PlatformVersion.parse("0.1.0")).create(instance,
                new InstanceCreator.Settings(PlatformRole.HOST, "", 9181, 9101, "127.0.0.1", null, null));
    }

    @Test
    void creationRecordsTheVersionAndTheDistributionsOwnFiles() throws Exception {
        assertEquals(PlatformVersion.parse("0.1.0"), InstanceVersion.recorded(instance));
        assertNull(InstanceVersion.previous(instance));
        Path defaults = instance.etc().resolve(InstanceVersion.DEFAULTS);
        assertEquals(Files.readString(etc.resolve(Instance.WEB_CFG)), Files.readString(defaults.resolve(Instance.WEB_CFG)));
        assertFalse(Files.exists(defaults.resolve(Instance.PLATFORM_CFG)), "only the distribution's files");
        assertFalse(Files.readString(instance.etc(Instance.WEB_CFG)).equals(Files.readString(defaults.resolve(Instance.WEB_CFG))),
                "the instance's own port is not in the defaults");
    }

    @Test
    void theSameVersionRunsAnOlderOneIsDueAnUpgradeANewerOneRefusesInOneLine() throws Exception {
        assertEquals(InstanceVersion.Standing.SAME, InstanceVersion.standing(instance, PlatformVersion.parse("0.1.0")));
        assertEquals(InstanceVersion.Standing.OLDER, InstanceVersion.standing(instance, PlatformVersion.parse("0.2.0-SNAPSHOT")));
        LaunchException refused = assertThrows(LaunchException.class,
                () -> InstanceVersion.standing(instance, PlatformVersion.parse("0.1.0-SNAPSHOT")));
        assertTrue(refused.getMessage().contains("was last run by platform 0.1.0; this distribution is 0.1.0-SNAPSHOT, older"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
    }

    @Test
    void anInstanceMadeBeforeVersionsWereRecordedIsTakenOnlyByTheBuildThatMadeIt() throws Exception {
        Files.delete(instance.etc(InstanceVersion.FILE));
        assertEquals(InstanceVersion.Standing.UNRECORDED, InstanceVersion.standing(instance, PlatformVersion.parse("0.1.0")));
        LaunchException refused = assertThrows(LaunchException.class,
                () -> InstanceVersion.standing(instance, PlatformVersion.parse("0.2.0")));
        assertTrue(refused.getMessage().contains("development build of the platform (0.1.0)"), refused.getMessage());
    }

    @Test
    void aDamagedRecordIsNamed() throws Exception {
        Files.writeString(instance.etc(InstanceVersion.FILE), "platformVersion = latest\n");
        LaunchException refused = assertThrows(LaunchException.class,
                () -> InstanceVersion.standing(instance, PlatformVersion.parse("0.1.0")));
        assertTrue(refused.getMessage().startsWith("etc/imio-platform.properties: 'latest' is not a platform version"),
                refused.getMessage());
    }
}
