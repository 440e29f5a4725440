package be.imio.platform.commune.internal.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;

/** An embedded Derby database in {@code folder}, its schema made by the host's own scripts ({@code db/host/V*.sql}) in order. */
public final class HostSchema implements AutoCloseable {

    public final EmbeddedDataSource dataSource = new EmbeddedDataSource();

    public HostSchema(Path folder) throws Exception {
        dataSource.setDatabaseName(folder.resolve("db").toString());
        dataSource.setCreateDatabase("create");
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            for (String script : scripts()) {
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
            }
        }
    }

    @Override
    public void close() {
        dataSource.setShutdownDatabase("shutdown");
        try {
            dataSource.getConnection().close();
        } catch (SQLException expected) {
            // Derby answers a shutdown with an exception.
        }
    }

    /** The host's scripts, in the order of their numbers. */
    private static List<String> scripts() throws Exception {
        Path folder = Path.of(HostSchema.class.getClassLoader().getResource("db/host").toURI());
        List<String> scripts = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring(1, f.getFileName().toString().indexOf("__")))))
                    .toList()) {
                scripts.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        if (scripts.size() < 4) {
            throw new IllegalStateException("the host's scripts were not found: " + scripts.size());
        }
        return scripts;
    }

    private static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> code.append(line).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
