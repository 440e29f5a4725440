package be.imio.platform.repository.internal.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmFileTest {

    private static final String HEAD = "#\n# Accounts of this instance\n#\nadmin = secret,_g_:admingroup\n"
            + "_g_\\:admingroup = group,admin,manager,viewer\n";

    private static RealmFile realmOver(Path users) {
        return new RealmFile(new PropertiesBackingEngineFactory(), Map.of(RealmFile.USERS, users.toString()));
    }

    private static boolean holds(BackingEngine engine, String account, String role) {
        return engine.lookupUser(account) != null && engine.listRoles(new UserPrincipal(account)).stream()
                .anyMatch(r -> role.equals(r.getName()));
    }

    @Test
    void accountsWrittenFromManyThreadsWhileOthersReadAreAllKeptAndNoReadSeesAFileCutShort(@TempDir Path etc)
            throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, HEAD);
        RealmFile realm = realmOver(users);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger cutShort = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    String account = "p" + thread + "-" + i;
                    realm.change(engine -> {
                        engine.addUser(account, "pw-" + account);
                        engine.addRole(account, "publisher");
                    }, engine -> holds(engine, account, "publisher"));
                }
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                while (writing.get()) {
                    // As the login module reads it: the administrators never missing.
                    Properties read = new Properties();
                    try (var in = Files.newBufferedReader(users)) {
                        read.load(in);
                    }
                    if (!read.containsKey("admin") || !read.containsKey("_g_:admingroup")) {
                        cutShort.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> reader : readers) {
            reader.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, cutShort.get(), "reads that saw the file cut short");
        BackingEngine now = realm.read();
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 15; i++) {
                assertTrue(holds(now, "p" + t + "-" + i, "publisher"), "p" + t + "-" + i);
            }
        }
        assertTrue(holds(now, "admin", "manager"));
        assertTrue(Files.readString(users).startsWith("#\n# Accounts of this instance\n#\n"), "the file's comments stay");
        try (var left = Files.list(etc)) {
            assertEquals(List.of(users), left.toList(), "no copy left behind");
        }
    }

    @Test
    void aChangeThatCannotBeCheckedChangesNothing(@TempDir Path etc) throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, HEAD);
        RealmFile realm = realmOver(users);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> realm.change(engine -> engine.addUser("p1", "pw"), engine -> holds(engine, "p1", "publisher")));
        assertTrue(refused.getMessage().contains("users.properties"), refused.getMessage());
        assertEquals(HEAD, Files.readString(users));
        realm.change(engine -> engine.deleteRole("admin", "_g_:admingroup"), engine -> !holds(engine, "admin", "manager"));
        assertTrue(realm.read().lookupUser("admin") != null);
    }
}
