package be.imio.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

import be.imio.platform.api.PlatformRole;

/**
 * {@code bin/imio service install}: a systemd unit (systemd.service(5), systemd.exec(5)) that runs
 * one instance as its own user, restarts it when it fails, stops it cleanly through
 * {@code bin/imio stop} and raises the file limits Jetty and Derby need. Written where systemd reads
 * units when the user may ({@code /etc/systemd/system}), else into the instance's folder to copy
 * there; either way, it prints the commands that enable and start it.
 */
final class ServiceUnit {

    static final Path SYSTEM_UNITS = Path.of("/etc/systemd/system");

    private final Path home;
    private final Path javaHome;
    private final PrintStream out;

    ServiceUnit(Path home, Path javaHome, PrintStream out) {
        this.home = home;
        this.javaHome = javaHome;
        this.out = out;
    }

    /**
     * Writes the unit of {@code instance}, run as {@code user} (null: the owner of its folder).
     *
     * @param unitDir where to write it; null: {@code /etc/systemd/system} when writable, else the instance's folder
     * @throws LaunchException when there is no instance there, or it would run as root without being asked to
     */
    Path install(Instance instance, String user, String name, Path unitDir) throws LaunchException, IOException {
        Preflight preflight = new Preflight();
        PlatformRole role = preflight.role(instance);
        String runAs = user != null ? user : Files.getOwner(instance.dir()).getName();
        if (runAs.equals("root") && user == null) {
            throw new LaunchException(instance.dir() + " belongs to root, and the platform should not run as root: create"
                    + " a user for it (useradd --system --home '" + instance.dir() + "' imio), give it the folder"
                    + " (chown -R imio '" + instance.dir() + "'), then run this again; or say --user root");
        }
        if (!runAs.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new LaunchException("--user '" + runAs + "' is not a user name systemd takes");
        }
        String unitName = (name != null ? name : "imio-" + instance.dir().getFileName()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]", "-") + ".service";
        Path folder = unitDir != null ? unitDir
                : Files.isDirectory(SYSTEM_UNITS) && Files.isWritable(SYSTEM_UNITS) ? SYSTEM_UNITS : instance.dir();
        Path unit = folder.resolve(unitName);
        for (Path path : List.of(instance.dir(), home, javaHome)) {
            if (!path.toString().matches("[^\\\\\\p{Cntrl}]+")) {
                throw new LaunchException(path + " holds a backslash or a control character, which a systemd unit"
                        + " cannot name; move it to a plain folder name");
            }
        }
        if (Files.isRegularFile(unit) && !Files.readString(unit).contains("\nWorkingDirectory=" + escape(instance.dir()
                .toString()) + "\n")) {
            throw new LaunchException(unit + " already runs another instance; give this one its own unit name with"
                    + " --name (for example --name imio-" + instance.dir().getParent().getFileName() + "-"
                    + instance.dir().getFileName() + ")");
        }
        String displayName = CfgFile.read(instance.etc(Instance.PLATFORM_CFG), instance.dir()).get("displayName");
        Path part = unit.resolveSibling(unitName + ".part");
        Files.writeString(part, text(instance, role, displayName, runAs));
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(part, unit, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        out.println("Wrote the systemd unit " + unit + " (runs " + instance.dir() + " as " + runAs + ")");
        if (!folder.equals(SYSTEM_UNITS)) {
            out.println("  Copy it where systemd reads units, as root:  cp " + unit + " " + SYSTEM_UNITS + "/");
        }
        out.println("  Then, as root:  systemctl daemon-reload && systemctl enable --now " + unitName);
        out.println("  Its state: systemctl status " + unitName + "; its log: " + instance.data().resolve("log/karaf.log")
                + " (and journalctl -u " + unitName + " for what bin/imio prints at start)");
        out.println("  After an upgrade, run this again with the new distribution's bin/imio, then: systemctl"
                + " daemon-reload && systemctl restart " + unitName);
        return unit;
    }

    /** The unit itself. */
    String text(Instance instance, PlatformRole role, String displayName, String user) {
        String dir = instance.dir().toString();
        String imio = home.resolve("bin/imio").toString();
        return """
                # The iMio platform's %1$s instance %2$s, written by bin/imio service install.
                [Unit]
                Description=iMio platform, %1$s instance %3$s
                Documentation=file://%4$s
                After=network-online.target
                Wants=network-online.target
                # A start refused over and over (a damaged file, a port taken) stops being retried.
                StartLimitIntervalSec=600
                StartLimitBurst=5

                [Service]
                Type=simple
                User=%5$s
                WorkingDirectory=%9$s
                Environment="JAVA_HOME=%7$s"
                # bin/imio run checks and, when the distribution is newer, upgrades the instance, then
                # replaces itself with Karaf, which systemd then watches.
                ExecStart=%8$s run %6$s
                # Karaf stops cleanly on SIGTERM too; bin/imio stop asks it through its shutdown port.
                ExecStop=%8$s stop %6$s
                # A JVM stopped by SIGTERM exits with 143: a clean stop, not a failure.
                SuccessExitStatus=143
                TimeoutStartSec=300
                TimeoutStopSec=120
                Restart=on-failure
                RestartSec=10
                # bin/imio refuses a start it cannot make (exit 2, one line saying what to fix): no retry.
                RestartPreventExitStatus=2
                # Jetty's connections, Derby's files and the modules' jars: more than the default 1024.
                LimitNOFILE=65536
                LimitNPROC=4096
                UMask=0077
                NoNewPrivileges=true
                PrivateTmp=true
                # /usr, /boot and /etc read-only, except the instance's own folder.
                ProtectSystem=full
                ReadWritePaths=%10$s

                [Install]
                WantedBy=multi-user.target
                """.formatted(role.id(), escape(dir), escape(displayName == null || displayName.isBlank() ? dir
                        : displayName + " (" + dir + ")"), escape(home.resolve("README.md").toString()), user,
                        quoted(dir), escape(javaHome.toString()).replace("\\", "\\\\").replace("\"", "\\\""), quoted(imio),
                        escape(dir), dir.contains(" ") ? "\"" + escape(dir) + "\"" : escape(dir));
    }

    /** A value for systemd: {@code %} doubled (specifiers), no line breaks. */
    private static String escape(String value) {
        return value.replace("%", "%%").replaceAll("[\\r\\n]", " ");
    }

    /** A path as one word of a systemd command line: {@code $} doubled (variables), quoted when it holds a space. */
    private static String quoted(String path) {
        String escaped = escape(path).replace("$", "$$");
        return escaped.contains(" ") || escaped.contains("\"") ? "\"" + escaped.replace("\"", "\\\"") + "\"" : escaped;
    }
}
