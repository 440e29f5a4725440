package be.imio.platform.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A connection to a stopped instance's database, for what {@code bin/imio} must read before Karaf
 * starts: the same settings as the platform's pax-jdbc data source
 * ({@code etc/org.ops4j.datasource-platform.cfg}), with the JDBC driver the distribution carries in
 * {@code system/} (embedded Derby, or PostgreSQL).
 */
final class InstanceDatabase implements AutoCloseable {

    private static final String DERBY = "derby";
    private static final String POSTGRESQL = "PostgreSQL JDBC Driver";

    private final URLClassLoader loader;
    private final Connection connection;
    /** A copy of the database opened instead of it (read-only checks), deleted on close; null when none. */
    private Path copy;
    private final String derbyUrl;
    private final Path derbyFolder;

    private InstanceDatabase(URLClassLoader loader, Connection connection, Path derbyFolder) {
        this.loader = loader;
        this.connection = connection;
        this.derbyFolder = derbyFolder;
        this.derbyUrl = derbyFolder == null ? null : "jdbc:derby:" + derbyFolder;
    }

    /**
     * Opens the database of {@code instance}; null when it has none yet (embedded Derby, never started).
     *
     * @throws LaunchException when the settings name no driver the distribution has, or the database
     *         cannot be opened (Derby refuses a database another process has open: the instance runs)
     */
    static InstanceDatabase open(Path home, Instance instance) throws LaunchException {
        return open(home, instance, false);
    }

    /**
     * Opens the database of {@code instance}, or, when {@code copy}, a copy of its embedded Derby
     * database made in a temporary folder, so that nothing of the instance is written (Derby writes
     * its own log files when it opens a database); null when it has none yet.
     */
    static InstanceDatabase open(Path home, Instance instance, boolean copy) throws LaunchException {
        CfgFile settings = CfgFile.read(instance.etc(Instance.DATASOURCE_CFG), instance.dir());
        String driverName = settings.get("osgi.jdbc.driver.name");
        String url;
        Path derbyFolder = null;
        String driverClass;
        Path jar;
        Properties credentials = new Properties();
        if (DERBY.equals(driverName)) {
            String name = settings.get("databaseName");
            if (name == null) {
                throw new LaunchException("etc/" + Instance.DATASOURCE_CFG + " names no databaseName");
            }
            derbyFolder = Path.of(name.replace("${karaf.data}", instance.data().toString())).toAbsolutePath().normalize();
            if (!Files.isDirectory(derbyFolder)) {
                return null; // never started: no database yet
            }
            Path opened = derbyFolder;
            if (copy) {
                opened = copyOf(derbyFolder);
            }
            // Derby's own log goes to the instance's logs (or beside the copy), never into the folder
            // bin/imio runs from.
            Path logs = copy ? opened.getParent() : instance.data().resolve("log");
            try {
                Files.createDirectories(logs);
            } catch (IOException e) {
                throw new LaunchException("cannot write in " + logs + " (" + InstanceCreator.reason(e) + ")");
            }
            System.setProperty("derby.stream.error.file", logs.resolve("derby.log").toString());
            url = "jdbc:derby:" + opened;
            driverClass = "org.apache.derby.jdbc.EmbeddedDriver";
            jar = newest(home.resolve("system/org/apache/derby/derby"), "derby-");
        } else if (POSTGRESQL.equals(driverName)) {
            url = settings.get("url");
            driverClass = "org.postgresql.Driver";
            jar = newest(home.resolve("system/org/postgresql/postgresql"), "postgresql-");
            if (settings.get("user") != null) {
                credentials.setProperty("user", settings.get("user"));
            }
            if (settings.get("password") != null) {
                credentials.setProperty("password", settings.get("password"));
            }
        } else {
            throw new LaunchException("etc/" + Instance.DATASOURCE_CFG + " names the driver '" + driverName
                    + "'; the platform knows derby and " + POSTGRESQL);
        }
        URLClassLoader loader = null;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, InstanceDatabase.class.getClassLoader());
            Driver driver = (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
            Connection connection = driver.connect(url, credentials);
            if (connection == null) {
                throw new LaunchException("the driver " + driverName + " does not take " + url);
            }
            connection.setReadOnly(true);
            InstanceDatabase database = new InstanceDatabase(loader, connection,
                    copy ? Path.of(url.substring("jdbc:derby:".length())) : derbyFolder);
            database.copy = copy ? database.derbyFolder.getParent() : null;
            return database;
        } catch (SQLException e) {
            close(loader);
            throw new LaunchException("cannot open the database of " + instance.dir() + " (" + e.getMessage()
                    + "); is the instance running? Stop it first (bin/imio stop " + instance.dir() + ")");
        } catch (IOException | ReflectiveOperationException e) {
            close(loader);
            throw new LaunchException("cannot load the database driver from " + jar + ": " + e);
        }
    }

    Connection connection() {
        return connection;
    }

    /** The folder of the embedded Derby database; null for PostgreSQL. */
    Path derbyFolder() {
        return derbyFolder;
    }

    /** Closes the connection and, for embedded Derby, shuts the database down so that Karaf can open it. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing only
        }
        if (derbyUrl != null) {
            try {
                Driver driver = (Driver) Class.forName("org.apache.derby.jdbc.EmbeddedDriver", true, loader)
                        .getDeclaredConstructor().newInstance();
                driver.connect(derbyUrl + ";shutdown=true", new Properties());
            } catch (SQLException e) {
                // Derby says a database shut down with an exception (SQLState 08006): expected.
            } catch (ReflectiveOperationException e) {
                // the driver was loaded when the connection opened
            }
        }
        close(loader);
        if (copy != null) {
            try {
                InstanceCreator.deleteTree(copy);
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }

    /** A copy of the Derby folder, without its lock files, in a new temporary folder. */
    private static Path copyOf(Path derbyFolder) throws LaunchException {
        try {
            Path target = Files.createTempDirectory("imio-upgrade-check-").resolve(derbyFolder.getFileName().toString());
            try (Stream<Path> files = Files.walk(derbyFolder)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path copied = target.resolve(derbyFolder.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copied);
                    } else if (!source.getFileName().toString().endsWith(".lck")) {
                        Files.copy(source, copied);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new LaunchException("cannot copy the database to check it (" + InstanceCreator.reason(e) + ")");
        }
    }

    private static void close(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** The jar of the newest version under {@code folder} ({@code folder/VERSION/PREFIX*.jar}). */
    private static Path newest(Path folder, String prefix) throws LaunchException {
        try (Stream<Path> versions = Files.list(folder)) {
            Path version = versions.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IOException("empty"));
            try (Stream<Path> jars = Files.list(version)) {
                return jars.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".jar")).findFirst()
                        .orElseThrow(() -> new IOException("no jar in " + version));
            }
        } catch (IOException e) {
            throw new LaunchException("the distribution has no database driver in " + folder + " (" + e.getMessage() + ")");
        }
    }
}
