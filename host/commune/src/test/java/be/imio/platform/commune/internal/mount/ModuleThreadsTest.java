package be.imio.platform.commune.internal.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * A call that waits on a module's code (as Karaf's deployment waits on a component's
 * {@code activate}) is bounded: past its limit the thread running the module's code is
 * interrupted, and the caller learns where it was held.
 */
class ModuleThreadsTest {

    /** The "module": code that waits until interrupted, as a start-up with no time limit. */
    static final class StartUp implements Runnable {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public void run() {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }
    }

    /** A bundle that carries {@code classes}, as Felix lists its entries. */
    private static Bundle bundleOf(Class<?>... classes) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findEntries")) {
                        List<URL> entries = new java.util.ArrayList<>();
                        for (Class<?> type : classes) {
                            entries.add(new URL("file:/" + type.getName().replace('.', '/') + ".class"));
                        }
                        return Collections.enumeration(entries);
                    }
                    return null;
                });
    }

    /** A thread named {@code name} running {@code startUp}, once it is inside it. */
    private static Thread started(StartUp startUp, String name) throws InterruptedException {
        Thread thread = new Thread(startUp, name);
        thread.start();
        assertTrue(startUp.started.await(5, TimeUnit.SECONDS));
        return thread;
    }

    @Test
    void aCallHeldByModuleCodePastItsLimitInterruptsItAndSaysWhere() throws Exception {
        StartUp startUp = new StartUp();
        Thread deployment = started(startUp, "deployment");

        ModuleThreads.Blocked blocked = assertThrows(ModuleThreads.Blocked.class, () -> ModuleThreads.bounded(
                "be.imio.solutions:probe 1.8.0", Duration.ofMillis(300), () -> List.of(bundleOf(StartUp.class)),
                () -> deployment.join(30_000)));

        assertTrue(startUp.interrupted.get(), "the module's code was interrupted");
        Bilingual reason = Bilingual.parse(blocked.getMessage()).orElseThrow();
        assertEquals("be.imio.solutions:probe 1.8.0 : son code a bloqué plus de 0 s (" + StartUp.class.getName()
                + ".run) ; interrompu", reason.fr());
        assertTrue(reason.en().endsWith("its code blocked for more than 0 s (" + StartUp.class.getName()
                + ".run); interrupted"), reason.en());
    }

    @Test
    void aCallThatReturnsInTimeInterruptsNothingAndAFailureIsItsOwn() throws Exception {
        StartUp other = new StartUp();
        Thread elsewhere = started(other, "module's own worker");
        try {
            ModuleThreads.bounded("m 1.0.0", Duration.ofSeconds(5), () -> List.of(bundleOf(StartUp.class)),
                    () -> Thread.sleep(100));
            IllegalStateException own = new IllegalStateException("Karaf says no");
            assertSame(own, assertThrows(IllegalStateException.class, () -> ModuleThreads.bounded("m 1.0.0",
                    Duration.ofSeconds(5), () -> List.of(bundleOf(StartUp.class)), () -> {
                        throw own;
                    })));
            Thread.sleep(200);
            assertFalse(other.interrupted.get(), "nothing is interrupted when the call ends within its limit");
        } finally {
            elsewhere.interrupt();
        }
    }

    @Test
    void onlyThreadsRunningTheModulesClassesAreFound() throws Exception {
        Thread module = started(new StartUp(), "module");
        try {
            assertTrue(ModuleThreads.running(List.of(bundleOf(StartUp.class)), java.util.Set.of()).containsKey(module));
            assertFalse(ModuleThreads.running(List.of(bundleOf(String.class)), java.util.Set.of()).containsKey(module));
            assertTrue(ModuleThreads.running(List.of(), java.util.Set.of()).isEmpty());
        } finally {
            module.interrupt();
        }
    }
}
