package be.imio.platform.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import be.imio.platform.api.PlatformRole;

/**
 * Checks an instance before Karaf starts, so that a mistake the operator can fix stops the start
 * at once with one line saying what and how, instead of a Karaf that boots half-way.
 */
final class Preflight {

    /** What Karaf will be started with, once the checks passed. */
    record Checked(PlatformRole role, int httpPort, String httpAddress, int sshPort) {
    }

    Checked check(Instance instance) throws LaunchException {
        Path dir = instance.dir();
        try {
            if (InstanceRestore.interrupted(instance) != null) {
                throw new LaunchException("a restore of " + dir + " was interrupted; complete it first: bin/imio restore "
                        + dir + " <backup.zip>");
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read " + dir + " (" + InstanceCreator.reason(e) + ")");
        }
        if (!Files.isDirectory(instance.etc()) && Files.isRegularFile(dir.resolve(PlatformUpgrade.FOLDER)
                .resolve(PlatformUpgrade.JOURNAL))) {
            throw new LaunchException("an upgrade of " + dir + " was interrupted while it replaced etc/; complete it"
                    + " with the new distribution's bin/imio run " + dir);
        }
        if (!Files.isRegularFile(instance.etc(Instance.PLATFORM_CFG))) {
            throw new LaunchException("no instance in " + dir + ": create one with"
                    + " 'bin/imio create " + dir + " --role <" + String.join("|", PlatformRole.ids().split(", ")) + ">'");
        }
        checkAllCfgFiles(instance);
        PlatformRole role = role(instance);
        CfgFile web = CfgFile.read(instance.etc(Instance.WEB_CFG), dir);
        int httpPort = web.port(Instance.HTTP_PORT, dir);
        String address = web.get(Instance.HTTP_ADDRESS) == null ? "0.0.0.0" : web.get(Instance.HTTP_ADDRESS).strip();
        CfgFile shell = CfgFile.read(instance.etc(Instance.SHELL_CFG), dir);
        int sshPort = shell.port(Instance.SSH_PORT, dir);
        String sshHost = shell.get(Instance.SSH_HOST) == null ? "0.0.0.0" : shell.get(Instance.SSH_HOST).strip();
        if (httpPort == sshPort) {
            throw new LaunchException("the HTTP port and the SSH port are both " + httpPort + "; give them different"
                    + " ports in etc/" + Instance.WEB_CFG + " and etc/" + Instance.SHELL_CFG);
        }
        checkWritable(instance.data());
        checkFree("HTTP", address, httpPort, "etc/" + Instance.WEB_CFG + " (" + Instance.HTTP_PORT + ")");
        checkFree("SSH", sshHost, sshPort, "etc/" + Instance.SHELL_CFG + " (" + Instance.SSH_PORT + ")");
        return new Checked(role, httpPort, address, sshPort);
    }

    /** The role written in the instance's {@code etc/be.imio.platform.cfg}. */
    PlatformRole role(Instance instance) throws LaunchException {
        CfgFile platform = CfgFile.read(instance.etc(Instance.PLATFORM_CFG), instance.dir());
        try {
            return PlatformRole.fromId(platform.get("role"));
        } catch (IllegalArgumentException e) {
            throw new LaunchException("etc/" + Instance.PLATFORM_CFG + ": " + e.getMessage());
        }
    }

    private static void checkAllCfgFiles(Instance instance) throws LaunchException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(instance.etc(), "*.cfg")) {
            for (Path file : files) {
                CfgFile.read(file, instance.dir());
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read " + instance.etc() + " (" + InstanceCreator.reason(e) + ")");
        }
    }

    /** Writes and removes a file: permissions alone do not tell (root ignores them, mounts can be read-only). */
    private static void checkWritable(Path data) throws LaunchException {
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new LaunchException("the data folder " + data + " is not writable (" + InstanceCreator.reason(e)
                    + "); give the platform's user write access to it, or free disk space");
        }
    }

    private static void checkFree(String what, String address, int port, String setting) throws LaunchException {
        for (String one : address.split(",")) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(one.strip()), port));
            } catch (IOException e) {
                throw new LaunchException(what + " port " + port + " on " + one.strip() + " is not available ("
                        + e.getMessage() + "); stop what uses it (another instance?) or change " + setting);
            }
        }
    }
}
