package be.imio.platform.repository.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import be.imio.platform.repository.internal.release.ReleaseLedger;

/** The audit log read back as people filter it: newest first, by action, account and subject, page by page. */
class AuditLogTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private DataSource dataSource;
    private AuditLog log;

    @BeforeEach
    void migratedDatabase() throws Exception {
        dataSource = be.imio.platform.repository.internal.TestDatabase.migrated();
        log = new AuditLog(dataSource);
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ledger.audit(T0, "admin", "192.0.2.7", "promote", "be.imio.solutions:courrier:1.1.0", "done", "to stable");
        ledger.audit(T0.plusSeconds(60), "admin", "192.0.2.7", "revoke", "be.imio.solutions:courrier:1.0.0", "done",
                "faille");
        ledger.audit(T0.plusSeconds(120), "deleg", "198.51.100.4", "release", "be/imio/delib/100%_sur/1.0.0/x.jar",
                "refused", "namespace");
        ledger.audit(T0.plusSeconds(180), "viewer", "192.0.2.8", "require", "be.imio.solutions:courrier:1.1.0", "done",
                "by 2026-12-15");
    }

    private static List<String> actions(List<AuditLog.Entry> entries) {
        return entries.stream().map(AuditLog.Entry::action).toList();
    }

    @Test
    void newestFirstFilteredByActionAccountAndSubject() throws Exception {
        assertEquals(List.of("require", "release", "revoke", "promote"), actions(log.read(new AuditLog.Query(null, null,
                null, null, 100))));
        assertEquals(List.of("revoke"), actions(log.read(new AuditLog.Query("revoke", " ", "", null, 100))));
        assertEquals(List.of("revoke", "promote"), actions(log.read(new AuditLog.Query(null, "admin", null, null, 100))));
        assertEquals(List.of("require", "promote"), actions(log.read(new AuditLog.Query(null, null, "COURRIER:1.1", null,
                100))), "a subject is searched for whatever its case");
        assertEquals(T0.plusSeconds(60), log.read(new AuditLog.Query("revoke", null, null, null, 1)).get(0).at());
        assertEquals(List.of("promote", "release", "require", "revoke"), log.actions());
    }

    @Test
    void whatIsTypedIsSearchedForAsTyped() throws Exception {
        assertEquals(List.of("release"), actions(log.read(new AuditLog.Query(null, null, "100%_sur", null, 100))));
        assertEquals(List.of("release"), actions(log.read(new AuditLog.Query(null, null, "%", null, 100))),
                "a % is a %, not any text");
        assertEquals(List.of("release"), actions(log.read(new AuditLog.Query(null, null, "_", null, 100))),
                "an _ is an _, not any character");
    }

    @Test
    void pageAfterPageFromTheLastIdRead() throws Exception {
        List<AuditLog.Entry> first = log.read(new AuditLog.Query(null, null, null, null, 3));
        assertEquals(3, first.size());
        List<AuditLog.Entry> second = log.read(new AuditLog.Query(null, null, null, first.get(2).id(), 3));
        assertEquals(List.of("promote"), actions(second));
        assertEquals(AuditLog.MAX_LIMIT, new AuditLog.Query(null, null, null, null, 10_000).limit());
        assertEquals(1, new AuditLog.Query(null, null, null, null, -5).limit());
    }
}
