package be.imio.platform.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The built archive, unpacked once per test run into a temporary folder, exactly as local IT
 * would unpack it, and {@code bin/imio} run on it as a separate process.
 */
final class Distribution {

    private static Distribution unpacked;

    final Path root;
    final Path home;
    /** An empty home folder for the instances: proves nothing is read from the user's ~/.m2. */
    final Path userHome;

    private Distribution(Path root) throws IOException {
        this.root = root;
        this.userHome = Files.createDirectories(root.resolve("user-home"));
        try (var entries = Files.list(root)) {
            this.home = entries.filter(p -> p.getFileName().toString().startsWith("imio-platform-")).findFirst()
                    .orElseThrow(() -> new IOException("archive holds no imio-platform-* folder"));
        }
    }

    static synchronized Distribution unpacked() throws IOException, InterruptedException {
        if (unpacked == null) {
            Path archive = Path.of(System.getProperty("imio.distribution", "target/missing.tar.gz"));
            if (!Files.isRegularFile(archive)) {
                throw new IOException("no distribution archive at " + archive + "; run 'mvn verify'");
            }
            Path root = Files.createTempDirectory("imio-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", root.toString())
                    .inheritIO().start();
            if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IOException("could not unpack " + archive);
            }
            unpacked = new Distribution(root);
        }
        return unpacked;
    }

    /** Runs {@code bin/imio} with {@code args} to completion. */
    Result imio(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(root, "imio-", ".out");
        Process process = builder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("bin/imio " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/imio").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("HOME", userHome.toString());
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().remove("KARAF_HOME");
        // The platform's commands speak the language the environment names: none here, whatever
        // the machine's, so that they answer French then English; a test names one when it wants one.
        builder.environment().remove("LC_ALL");
        builder.environment().remove("LC_MESSAGES");
        builder.environment().put("LANG", "C.UTF-8");
        return builder;
    }

    /**
     * Releases the Maven project at {@code source} (copied first, without its {@code target}) to
     * the repository listening on {@code repositoryPort} with a real {@code mvn deploy} of the
     * machine's Maven, logged in as the publisher {@code user}; {@code properties} are {@code -D}
     * settings of the build.
     */
    Result mvnDeploy(Path source, String user, String password, int repositoryPort, String... properties)
            throws IOException, InterruptedException {
        return mvnDeploy(List.of("mvn"), source, "", user, password, repositoryPort, properties);
    }

    /**
     * As {@link #mvnDeploy(Path, String, String, int, String...)}, with the Maven command
     * {@code maven} (such as {@code sh apache-maven-3.9.x/bin/mvn}), run in the folder
     * {@code module} of the copy ("" for its root); build folders ({@code target}) are left out at
     * every level.
     */
    Result mvnDeploy(List<String> maven, Path source, String module, String user, String password, int repositoryPort,
            String... properties) throws IOException, InterruptedException {
        Path project = copyProject(source);
        Path settings = Files.writeString(project.resolve("settings.xml"), "<settings><servers><server><id>imio</id>"
                + "<username>" + user + "</username><password>" + password + "</password></server></servers></settings>");
        Path output = project.resolve("mvn.out");
        List<String> command = new ArrayList<>(maven);
        command.addAll(List.of("-B", "-ntp", "-q", "-s", settings.toString(), "deploy",
                "-DaltDeploymentRepository=imio::http://127.0.0.1:" + repositoryPort + "/repository/maven"));
        for (String property : properties) {
            command.add("-D" + property);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.resolve(module).toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process mvn = builder.start();
        if (!mvn.waitFor(300, TimeUnit.SECONDS)) {
            mvn.destroyForcibly();
            throw new IOException("mvn deploy of " + source + " did not finish within 300 s");
        }
        return new Result(mvn.exitValue(), Files.readString(output));
    }

    /** A copy of the Maven project {@code source} under this distribution's folder, without build folders. */
    /** Copies the folder {@code from} into {@code to}, files with their attributes, replacing what is there. */
    static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    Path copyProject(Path source) throws IOException {
        Path project = Files.createTempDirectory(root, source.getFileName() + "-");
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                boolean built = false;
                for (Path part : relative) {
                    built |= part.toString().equals("target");
                }
                if (built) {
                    continue;
                }
                Path target = project.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return project;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    /** Ports handed out in this run: two instances of one test never get the same one. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /**
     * A TCP port nothing is bound to right now, outside the kernel's ephemeral range.
     *
     * <p>A port from the ephemeral range (what {@code new ServerSocket(0)} gives) can be taken, before
     * the instance binds it, as the local end of any outgoing connection of the machine: the instance
     * then fails to start with "Address already in use". Ports below that range are only ever bound
     * on purpose, as local IT's would be.
     */
    static synchronized int freePort() throws IOException {
        // Below both Linux's default ephemeral range (32768-60999) and IANA's (49152-65535), and
        // below the one this kernel says, when it says a lower one.
        int low = 10000;
        int high = Math.min(32767, ephemeralStart() - 1);
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = low + random.nextInt(high - low + 1);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IOException("no free TCP port between " + low + " and " + high);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first port of the kernel's ephemeral range (Linux), or 32768 where it cannot be read.
     * Read line by line: {@code Files.readString} may read a {@code /proc} file (whose size says
     * 0) short.
     */
    private static int ephemeralStart() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            int start = Integer.parseInt(lines.get(0).strip().split("\\s+")[0]);
            return start > 10100 ? start : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    record Result(int exitCode, String output) {
    }
}
