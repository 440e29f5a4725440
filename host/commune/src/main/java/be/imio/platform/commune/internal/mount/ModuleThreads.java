package be.imio.platform.commune.internal.mount;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * Bounds what a module's own code can hold up. Karaf starts and stops a module's bundles in its
 * one deployment thread (and, at boot, the framework in its start-level thread), and Declarative
 * Services activates and deactivates components in whichever thread starts, stops or first gets
 * them: a component whose {@code activate} waits without end (a network call with no time limit, a
 * lock, a sleep) holds that thread, so the host's operation, every later one and a restart with it.
 * <p>
 * {@link #bounded} runs a call that may run module code and, past its time limit, interrupts, once
 * a second until the call returns, every other thread whose stack holds a class of the module's
 * bundles: code that honours interruption then fails its activation, which the host reads as any
 * other failure and rolls back. Code that ignores interruption (a socket read without time limit)
 * is not stopped: the call goes on waiting and the thread is logged each time.
 */
public final class ModuleThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleThreads.class);
    private static final Duration EVERY = Duration.ofSeconds(1);

    /** A call that may run module code: a Karaf deployment. */
    public interface Call {
        void run() throws Exception;
    }

    /** The module's code held the call past its time limit and was interrupted ({@code where}: its frame). */
    public static final class Blocked extends Exception implements Worded {
        private static final long serialVersionUID = 1L;
        private final transient Bilingual words;

        Blocked(Bilingual words, Throwable cause) {
            super(words.stored(), cause);
            this.words = words;
        }

        @Override
        public Bilingual words() {
            return words;
        }
    }

    private ModuleThreads() {
    }

    /**
     * Runs {@code call} in this thread; if it has not returned after {@code limit}, interrupts the
     * threads running code of the bundles {@code bundles} gives (asked again at each round, as
     * Karaf installs them), until it returns.
     *
     * @param what the module and version, for the reason and the log
     * @throws Blocked when module code had to be interrupted, whatever the call then did (its
     *         failure, if any, is the cause); the message is one French / English pair
     * @throws Exception what the call threw, when nothing had to be interrupted
     */
    public static void bounded(String what, Duration limit, Supplier<Collection<Bundle>> bundles, Call call) throws Exception {
        Thread caller = Thread.currentThread();
        Watch watch = new Watch(what, limit, bundles, caller);
        Thread watcher = new Thread(watch, "imio-module-watch");
        watcher.setDaemon(true);
        watcher.start();
        Exception failure = null;
        try {
            call.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            watch.done();
            watcher.interrupt();
        }
        if (watch.where != null) {
            throw new Blocked(Bilingual.of(Message.of("health.blocked", what, limit.toSeconds(), watch.where)), failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The threads other than {@code except} whose stacks now hold a class of {@code bundles}, each
     * with its topmost such frame ("class.method").
     */
    static Map<Thread, String> running(Collection<Bundle> bundles, Set<Thread> except) {
        Set<String> classes = classesOf(bundles);
        Map<Thread, String> found = new java.util.LinkedHashMap<>();
        if (classes.isEmpty()) {
            return found;
        }
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (except.contains(entry.getKey())) {
                continue;
            }
            for (StackTraceElement frame : entry.getValue()) {
                if (classes.contains(frame.getClassName())) {
                    found.put(entry.getKey(), frame.getClassName() + "." + frame.getMethodName());
                    break;
                }
            }
        }
        return found;
    }

    /**
     * True when {@code thread} runs the module's code for the framework: called from Felix (a bundle
     * start or stop, a component's activation), which is what holds a deployment. Frames are
     * matched by class name, so a thread still inside an earlier release's code (a health check
     * given up on) matches too: it is interrupted as well, but not named as the cause.
     */
    static boolean forTheFramework(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().startsWith("org.apache.felix.")) {
                return true;
            }
        }
        return false;
    }

    /** The names of the classes {@code bundles} carry (fragments' included), read from their entries. */
    static Set<String> classesOf(Collection<Bundle> bundles) {
        Set<String> classes = new HashSet<>();
        for (Bundle bundle : bundles) {
            Enumeration<URL> entries;
            try {
                entries = bundle.findEntries("/", "*.class", true);
            } catch (IllegalStateException uninstalled) {
                continue;
            }
            while (entries != null && entries.hasMoreElements()) {
                String path = entries.nextElement().getPath();
                path = path.startsWith("/") ? path.substring(1) : path;
                classes.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
            }
        }
        return classes;
    }

    /** Sleeps until the limit, then interrupts the module's threads each round until told the call is done. */
    private static final class Watch implements Runnable {
        private final String what;
        private final Duration limit;
        private final Supplier<Collection<Bundle>> bundles;
        private final Thread caller;
        private volatile boolean done;
        /** The first frame interrupted; null while nothing was. */
        private volatile String where;
        private boolean saidIdle;

        Watch(String what, Duration limit, Supplier<Collection<Bundle>> bundles, Thread caller) {
            this.what = what;
            this.limit = limit;
            this.bundles = bundles;
            this.caller = caller;
        }

        void done() {
            done = true;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(limit.toMillis());
                while (!done) {
                    Collection<Bundle> now = new ArrayList<>(bundles.get());
                    Map<Thread, String> stuck = running(now, Set.of(caller, Thread.currentThread()));
                    if (where == null) {
                        stuck.entrySet().stream().filter(e -> forTheFramework(e.getKey())).findFirst()
                                .or(() -> stuck.entrySet().stream().findFirst())
                                .ifPresent(e -> where = e.getValue());
                    }
                    for (Map.Entry<Thread, String> entry : stuck.entrySet()) {
                        if (done) {
                            return;
                        }
                        LOG.warn("{}: code of the module still running after {} s in thread \"{}\" at {}: interrupting it",
                                what, limit.toSeconds(), entry.getKey().getName(), entry.getValue());
                        entry.getKey().interrupt();
                    }
                    if (stuck.isEmpty() && !saidIdle) {
                        saidIdle = true;
                        LOG.warn("{}: Karaf still busy after {} s, no code of the module running", what, limit.toSeconds());
                    }
                    Thread.sleep(EVERY.toMillis());
                }
            } catch (InterruptedException e) {
                // The call returned.
            }
        }
    }
}
