package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.PlatformRole;

class ServiceUnitTest {

    @TempDir
    Path tmp;

    /** A distribution with the files a unit names, and an instance of it in {@code folder}. */
    private Instance instance(String folder, String name) throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("dist/etc"));
        Files.writeString(etc.resolve(Instance.FEATURES_CFG), "featuresBoot = shell\n");
        Files.writeString(etc.resolve(Instance.WEB_CFG), "org.osgi.service.http.port = 8181\n");
        Files.writeString(etc.resolve(Instance.SHELL_CFG), "sshPort = 8101\n");
        Files.writeString(etc.resolve(Instance.USERS), "\n");
        Path imio = Files.createDirectories(tmp.resolve("dist/bin")).resolve("imio");
        Files.writeString(imio, "#!/bin/sh\n");
        imio.toFile().setExecutable(true);
        Instance instance = new Instance(tmp.resolve(folder));
        new InstanceCreator(etc, new SecureRandom(), PlatformVersion.parse("0.2.0")).create(instance,
                new InstanceCreator.Settings(PlatformRole.HOST, name, 9181, 9101, "127.0.0.1", null, null));
        return instance;
    }

    private Path install(Instance instance, String user) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path units = Files.createDirectories(tmp.resolve("units"));
        Path unit = new ServiceUnit(tmp.resolve("dist"), Path.of(System.getProperty("java.home")),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).install(instance, user, null, units);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("systemctl daemon-reload && systemctl enable --now "
                + unit.getFileName()), printed.toString(StandardCharsets.UTF_8));
        return unit;
    }

    @Test
    void runsTheInstanceAsItsUserRestartsItOnFailureAndStopsItCleanly() throws Exception {
        Instance instance = instance("srv/namur", "Commune de Namur");
        Path unit = install(instance, "imio");
        String text = Files.readString(unit);

        assertEquals("imio-namur.service", unit.getFileName().toString());
        for (String line : List.of("User=imio", "Restart=on-failure", "LimitNOFILE=65536", "UMask=0077",
                "ExecStart=" + tmp.resolve("dist/bin/imio") + " run " + instance.dir(),
                "ExecStop=" + tmp.resolve("dist/bin/imio") + " stop " + instance.dir(),
                "WorkingDirectory=" + instance.dir(), "SuccessExitStatus=143", "WantedBy=multi-user.target")) {
            assertTrue(text.lines().anyMatch(line::equals), line + " in\n" + text);
        }
        verify(unit);
    }

    @Test
    void pathsWithSpacesAndPercentSignsStayOneWord() throws Exception {
        Instance instance = instance("srv/Commune 100% Namur", "Ville de 100% Namur");
        Path unit = install(instance, "imio");
        String text = Files.readString(unit);

        assertTrue(text.contains("ExecStart=" + tmp.resolve("dist/bin/imio") + " run \"" + instance.dir().toString()
                .replace("%", "%%") + "\""), text);
        assertTrue(text.contains("Description=iMio platform, host instance Ville de 100%% Namur"), text);
        verify(unit);
    }

    @Test
    void aDollarSignIsNotAVariableAndABackslashIsRefused() throws Exception {
        Instance dollar = instance("srv/ville-${HOME}-$USER", "");
        Path unit = install(dollar, "imio");
        String text = Files.readString(unit);
        assertTrue(text.contains(" run " + dollar.dir().toString().replace("$", "$$") + "\n"), text);
        verify(unit);
        Instance backslash = instance("srv/commune\\", "");
        LaunchException refused = org.junit.jupiter.api.Assertions.assertThrows(LaunchException.class,
                () -> install(backslash, "imio"));
        assertTrue(refused.getMessage().contains("holds a backslash or a control character"), refused.getMessage());
    }

    @Test
    void anotherInstancesUnitOfTheSameNameIsNotOverwritten() throws Exception {
        Instance namur = instance("namur/host", "");
        Instance liege = instance("liege/host", "");
        Path unit = install(namur, "imio");
        String before = Files.readString(unit);
        LaunchException refused = org.junit.jupiter.api.Assertions.assertThrows(LaunchException.class,
                () -> install(liege, "imio"));
        assertTrue(refused.getMessage().contains("already runs another instance") && refused.getMessage().contains(
                "--name imio-liege-host"), refused.getMessage());
        assertEquals(before, Files.readString(unit));
        install(namur, "imio");
    }

    @Test
    void aUserNameSystemdWouldRefuseIsRefusedHere() throws Exception {
        Instance instance = instance("srv/dinant", "");
        for (String bad : List.of("Imio", "imio user", "1imio", "imio\nUser=root")) {
            LaunchException refused = org.junit.jupiter.api.Assertions.assertThrows(LaunchException.class,
                    () -> install(instance, bad));
            assertTrue(refused.getMessage().contains("is not a user name"), refused.getMessage());
        }
    }

    /** {@code systemd-analyze verify}, where the machine has it (Debian's systemd package). */
    private static void verify(Path unit) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Process process = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.lines().noneMatch(l -> l.contains(unit.getFileName().toString())), output);
    }
}
