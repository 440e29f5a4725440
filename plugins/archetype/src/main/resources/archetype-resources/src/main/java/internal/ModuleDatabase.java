#set( $prefix = $artifactId.toUpperCase().replace("-", "_") )
package ${package}.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/**
 * The module's table, brought to this release's schema (scripts {@code db/${artifactId}/V<n>__*.sql})
 * before anything reads it. Tables are named after the module ({@code ${prefix}_...}), and a
 * release's scripts only add, so that the previous release still runs after a rollback.
 */
@Component(service = ModuleDatabase.class)
public final class ModuleDatabase {

    /** The module's name: its artifactId, its feature, its pages' address and its schema. */
    static final String MODULE = "${artifactId}";

    private final DataSource dataSource;

    @Activate
    public ModuleDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), MODULE);
        this.dataSource = dataSource;
    }

    /** The newest {@code limit} notes, newest first. */
    List<Note> newest(int limit) throws SQLException {
        List<Note> notes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT NOTE_TEXT, WRITTEN_BY, WRITTEN_AT FROM ${prefix}_NOTE ORDER BY ID DESC")) {
            select.setMaxRows(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    notes.add(new Note(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
                }
            }
        }
        return notes;
    }

    /** Keeps {@code note}. */
    void add(Note note) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ${prefix}_NOTE (NOTE_TEXT, WRITTEN_BY, WRITTEN_AT) VALUES (?, ?, ?)")) {
            insert.setString(1, note.text());
            insert.setString(2, note.writtenBy());
            insert.setTimestamp(3, Timestamp.from(note.writtenAt()));
            insert.executeUpdate();
        }
    }

    /** How many notes there are: the health check's question. */
    long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement count = c.prepareStatement(
                "SELECT COUNT(*) FROM ${prefix}_NOTE"); ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
