package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.PlatformRole;

class InstanceCreatorTest {

    @TempDir
    Path tmp;

    private Path etc;
    private InstanceCreator creator;

    @BeforeEach
    void distributionEtc() throws Exception {
        etc = Files.createDirectories(tmp.resolve("dist/etc"));
        Files.writeString(etc.resolve(Instance.FEATURES_CFG), "featuresBoot = \\\n    shell, \\\n    imio-platform\n");
        Files.writeString(etc.resolve(Instance.WEB_CFG), "org.osgi.service.http.port = 8181\n");
        Files.writeString(etc.resolve(Instance.SHELL_CFG), "sshPort = 8101\nsshHost = 127.0.0.1\n");
        Files.writeString(etc.resolve(Instance.USERS), "# no default account\n");
        Files.writeString(etc.resolve(Instance.HOST_CFG), "hostToken =\n");
        Files.writeString(etc.resolve(Instance.DATASOURCE_CFG), "osgi.jdbc.driver.name = derby\n");
        creator = new InstanceCreator(etc, new SecureRandom());
    }

    private InstanceCreator.Settings host() {
        return new InstanceCreator.Settings(PlatformRole.HOST, "Commune de Namur", 9181, 9101, "127.0.0.1",
                null, null);
    }

    @Test
    void writesTheRolePortsAndANewAdministrator() throws Exception {
        Instance instance = new Instance(tmp.resolve("instances/namur"));

        AdminAccount admin = creator.create(instance, host());

        Path root = instance.dir();
        assertEquals("host", CfgFile.read(instance.etc(Instance.PLATFORM_CFG), root).get("role"));
        assertEquals("Commune de Namur", CfgFile.read(instance.etc(Instance.PLATFORM_CFG), root).get("displayName"));
        assertEquals("shell, imio-platform, imio-host",
                CfgFile.read(instance.etc(Instance.FEATURES_CFG), root).get("featuresBoot"));
        assertEquals(9181, CfgFile.read(instance.etc(Instance.WEB_CFG), root).port(Instance.HTTP_PORT, root));
        assertEquals(9101, CfgFile.read(instance.etc(Instance.SHELL_CFG), root).port(Instance.SSH_PORT, root));
        String users = Files.readString(instance.etc(Instance.USERS));
        assertTrue(users.contains("admin = {CRYPT}" + AdminAccount.digest(admin.password()) + "{CRYPT},_g_:admingroup"));
        assertFalse(users.contains(admin.password()));
        assertEquals(admin.password(), Files.readString(root.resolve(Instance.PASSWORD_FILE)).strip());
        assertTrue(Files.isDirectory(instance.data()));
        assertFalse(Files.readString(etc.resolve(Instance.USERS)).contains("admin"), "the distribution is not changed");
    }

    @Test
    void filesThatHoldSecretsAreTheOwnersOnly() throws Exception {
        Instance instance = new Instance(tmp.resolve("instances/secrets"));

        creator.create(instance, host());

        for (String file : new String[] {Instance.USERS, Instance.HOST_CFG, Instance.DATASOURCE_CFG}) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(instance.etc(file))), file);
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(instance.dir().resolve(Instance.PASSWORD_FILE))));
    }

    @Test
    void everyInstanceGetsItsOwnPassword() throws Exception {
        AdminAccount one = creator.create(new Instance(tmp.resolve("one")), host());
        AdminAccount two = creator.create(new Instance(tmp.resolve("two")), host());

        assertNotEquals(one.password(), two.password());
        assertTrue(one.password().matches("[A-Za-z0-9]{7}-[A-Za-z0-9]{7}-[A-Za-z0-9]{7}"), one.password());
    }

    @Test
    void aFailedCreationLeavesNothingBehind() throws Exception {
        Files.writeString(etc.resolve(Instance.WEB_CFG), "this line is damaged\n");
        Instance instance = new Instance(tmp.resolve("instances/broken"));

        assertThrows(LaunchException.class, () -> creator.create(instance, host()));

        assertFalse(Files.exists(instance.dir()));
        try (Stream<Path> left = Files.list(tmp.resolve("instances"))) {
            assertEquals(0, left.count(), "no staging folder is left");
        }
    }

    @Test
    void anEmptyFolderMayBeUsedButNotOneWithContent() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        creator.create(new Instance(empty), host());
        assertTrue(Files.exists(empty.resolve("etc/" + Instance.PLATFORM_CFG)));

        LaunchException refused = assertThrows(LaunchException.class, () -> creator.create(new Instance(empty), host()));
        assertTrue(refused.getMessage().endsWith("already exists and is not empty; choose a new folder for the instance"));
    }

    @Test
    void aHostIsToldItsRepositoryAndTheRootItTrusts() throws Exception {
        Files.writeString(etc.resolve(Instance.HOST_CFG), "# defaults\nrepositoryUrl =\nchannel = stable\n");
        Instance instance = new Instance(tmp.resolve("instances/liege"));
        String fingerprint = "ab".repeat(32);

        creator.create(instance, new InstanceCreator.Settings(PlatformRole.HOST, "Ville de Liège", 9181, 9101,
                "127.0.0.1", "https://depot.imio.be", fingerprint));

        CfgFile host = CfgFile.read(instance.etc(Instance.HOST_CFG), instance.dir());
        assertEquals("https://depot.imio.be", host.get("repositoryUrl"));
        assertEquals(fingerprint, host.get("rootFingerprint"));
        assertEquals("stable", host.get("channel"), "the other defaults stay");
    }

    @Test
    void writesTheHostsIdCredentialAndChannel() throws Exception {
        Instance instance = new Instance(tmp.resolve("instances/liege"));
        creator.create(instance, new InstanceCreator.Settings(PlatformRole.HOST, "Ville de Liège", 9181, 9101,
                "127.0.0.1", null, null, new InstanceCreator.HostConnection("ville-liege", "s3cr3t-Token_0123456789",
                        "testing")));
        CfgFile host = CfgFile.read(instance.etc(Instance.HOST_CFG), instance.dir());
        assertEquals("ville-liege", host.get("hostId"));
        assertEquals("s3cr3t-Token_0123456789", host.get("hostToken"));
        assertEquals("testing", host.get("channel"));
    }
}
