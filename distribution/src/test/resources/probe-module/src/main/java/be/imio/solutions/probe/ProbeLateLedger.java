package be.imio.solutions.probe;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers {@link ProbeLedger} 1.5 s after it starts, as a module that opens a resource before
 * offering it would: until then, a component that needs it is unsatisfied, for a moment only.
 */
public final class ProbeLateLedger {

    private volatile Thread late;
    private volatile ServiceRegistration<ProbeLedger> registration;

    void activate(BundleContext context) {
        late = new Thread(() -> {
            try {
                Thread.sleep(1500);
                registration = context.registerService(ProbeLedger.class, new ProbeLedger() { }, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-late-ledger");
        late.start();
    }

    void deactivate() throws InterruptedException {
        late.interrupt();
        late.join(5000);
        ServiceRegistration<ProbeLedger> registered = registration;
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
    }
}
