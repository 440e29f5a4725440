package be.imio.platform.commune.internal.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.HealthVerdicts;
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;

/** A module's own health checks ({@link HealthCheck} services naming the module): found, asked, and quoted. */
final class ModuleChecks {

    private final BundleContext context;

    ModuleChecks(BundleContext context) {
        this.context = context;
    }

    /** The checks registered for {@code module}. */
    List<ServiceReference<HealthCheck>> of(String module) {
        try {
            return new ArrayList<>(context.getServiceReferences(HealthCheck.class,
                    "(" + HealthCheck.MODULE + "=" + module + ")"));
        } catch (InvalidSyntaxException e) {
            return List.of();
        }
    }

    /**
     * The verdict of the check behind {@code reference}: getting the service (which activates its
     * component, however long the module's code takes) and asking it, within {@link #CHECK_LIMIT}. A
     * check that blocks or throws an Error is a verdict (DOWN), never a wait without end.
     */
    HealthStatus ask(ServiceReference<HealthCheck> reference) {
        return HealthVerdicts.ask(reference, () -> {
            HealthCheck check = context.getService(reference);
            if (check == null) {
                return HealthStatus.of(HealthStatus.State.DOWN, Message.of("health.check-not-started").words());
            }
            try {
                return check.check();
            } finally {
                context.ungetService(reference);
            }
        }, CHECK_LIMIT);
    }

    /** How long one health check may take, its service's activation included. */
    static final Duration CHECK_LIMIT = Duration.ofSeconds(2);

    /**
     * A module's verdict, quoted in each language: as the module words it in each (SDK 1.6), else
     * as one string, split when it reads "français / English" as modules wrote before.
     */
    static Message quoted(HealthStatus verdict) {
        String french = verdict.message(Texts.FRENCH);
        if (!french.equals(verdict.message(Texts.ENGLISH)) || !french.equals(verdict.message(Texts.GERMAN))) {
            return Message.given(verdict::message);
        }
        return Message.journalled(french);
    }
}
