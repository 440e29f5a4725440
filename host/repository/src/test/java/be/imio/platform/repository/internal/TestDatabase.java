package be.imio.platform.repository.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDataSource;

/** A Derby database in memory, brought to the newest schema by every one of the repository's scripts, in order. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static EmbeddedDataSource migrated() throws Exception {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of(TestDatabase.class.getResource("/db/repository").toURI()))) {
            scripts = files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(1, p.getFileName().toString().indexOf("__"))))).toList();
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (Path script : scripts) {
                try (InputStream in = Files.newInputStream(script)) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
                    for (String one : sql.split(";\\s*(\\R|$)")) {
                        if (!one.isBlank()) {
                            statement.execute(one.strip());
                        }
                    }
                }
            }
        }
        return dataSource;
    }
}
