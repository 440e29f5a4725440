package be.imio.platform.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for one test class: Debian's server binaries, a new data folder
 * in a temporary folder, a free port on 127.0.0.1 only, no Unix socket, passwords required. Any
 * cluster the package itself runs is left alone. PostgreSQL refuses to run as root, and CI runs as
 * root: then the cluster runs as the {@code postgres} system user, which owns its folder.
 */
final class PostgresqlServer implements AutoCloseable {

    private static final Path BINARIES = Path.of("/usr/lib/postgresql");
    private static final String SUPERUSER = "postgres";

    final int port;
    private final Path bin;
    private final Path folder;
    private final Path data;
    private final String superPassword = UUID.randomUUID().toString();
    private final boolean asPostgresUser;

    private PostgresqlServer(Path bin, Path folder, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates and starts the cluster; fails, with what to install, when the binaries are missing. */
    static PostgresqlServer start() throws IOException, InterruptedException {
        Path bin = newestBinaries();
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        Path folder = Files.createTempDirectory("imio-postgresql-");
        PostgresqlServer server = new PostgresqlServer(bin, folder, Distribution.freePort(), root);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly));
        if (root) {
            giveToPostgresUser(folder);
        }
        Path passwordFile = Files.writeString(folder.resolve("superuser-password"), server.superPassword + "\n");
        if (root) {
            giveToPostgresUser(passwordFile);
        }
        server.run(120, "initdb", "-D", server.data.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8");
        // Settings on the command line win over postgresql.conf: only this cluster's own port and
        // address, and no durability, which a throw-away cluster does not need.
        server.run(120, "pg_ctl", "-D", server.data.toString(), "-l", folder.resolve("postgresql.log").toString(),
                "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -c port=" + server.port
                        + " -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off", "start");
        return server;
    }

    private static Path newestBinaries() throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(BINARIES)) {
            try (Stream<Path> versions = Files.list(BINARIES)) {
                versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .forEach(found::add);
            }
        }
        return found.stream().max(Comparator.comparingInt(PostgresqlServer::majorVersion)).orElseThrow(() ->
                new IOException("no PostgreSQL server binaries (initdb, pg_ctl) under " + BINARIES + "/*/bin: install"
                        + " Debian's 'postgresql' package (apt-get install postgresql; .ci/run does it)"));
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static void giveToPostgresUser(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView owner = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        try {
            owner.setOwner(users.lookupPrincipalByName(SUPERUSER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(SUPERUSER);
            owner.setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IOException("the test runs as root, and PostgreSQL refuses to: it needs the system user '"
                    + SUPERUSER + "', which Debian's 'postgresql' package creates", e);
        }
    }

    /** Runs one of the server's programs, as the postgres system user when the test is root. */
    private void run(int seconds, String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("imio-postgresql-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within " + seconds + " s: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + Files.readString(output) + logTail());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String logTail() throws IOException {
        Path log = folder.resolve("postgresql.log");
        return Files.isReadable(log) ? "\npostgresql.log:\n" + Files.readString(log) : "";
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a login role and a database it owns, as an operator would for one instance. */
    void createDatabase(String name, String owner, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
    }

    /** A connection to {@code database} as the superuser, to read what an instance wrote. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superPassword);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(60, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void closeQuietly() {
        try {
            if (Files.exists(folder)) {
                close();
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the test's PostgreSQL cluster in " + folder + ": " + e.getMessage());
        }
    }
}
