package be.imio.platform.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;

/**
 * Who may read {@code /metrics} ({@code etc/be.imio.platform.metrics.cfg}, {@code access}):
 * <ul>
 * <li>{@code authenticated} (the default): an account of the instance's realm with the role
 * {@code admin}, {@code viewer} or {@code metrics} (a monitoring account that may read nothing
 * else), logged in with HTTP Basic as on {@code /api};
 * <li>{@code loopback}: besides those accounts, any request made from this machine directly
 * (its connection's peer is a loopback address and it carries none of the headers a reverse proxy
 * adds, so an HTTP proxy on this machine does not pass for it), for a Prometheus or an agent running
 * beside the instance. A TCP tunnel or relay on this machine cannot be told from a local client:
 * with one, keep {@code authenticated}.
 * </ul>
 */
@Component(service = MetricsAccess.class, configurationPid = MetricsAccess.PID)
@Designate(ocd = MetricsAccess.Config.class)
public final class MetricsAccess {

    static final String PID = "be.imio.platform.metrics";
    /** The role of an account that may read the metrics and nothing else. */
    static final String METRICS_ROLE = "metrics";
    private static final Set<String> ROLES = Set.of(WebContexts.ADMIN, WebContexts.VIEWER, METRICS_ROLE);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsAccess.class);

    @ObjectClassDefinition(name = "iMio platform metrics", description = "Who may read /metrics")
    @interface Config {
        @AttributeDefinition(name = "Access", description = "authenticated: accounts with the role admin, viewer or"
                + " metrics; loopback: those, and any request made directly from this machine")
        String access() default "authenticated";
    }

    private final BasicAuthentication authentication = new BasicAuthentication();
    private volatile boolean loopback;

    @Activate
    @Modified
    void configure(Config config) {
        String access = config.access().strip();
        if (!access.equals("authenticated") && !access.equals("loopback")) {
            LOG.error("etc/{}.cfg: access '{}' is neither authenticated nor loopback; /metrics asks for an account",
                    PID, access);
        }
        loopback = access.equals("loopback");
    }

    /** Lets the request read the metrics, or answers 401, 403 or 429 and returns false. */
    boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (loopback && fromThisMachine(request)) {
            return true;
        }
        return authentication.admit(request, response, ROLES);
    }

    /** Headers a reverse proxy adds to say whom it relays: a request with any of them is not this machine's own. */
    private static final List<String> RELAYED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Real-IP", "X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "X-Cluster-Client-IP",
            "Client-IP", "Via");

    private static boolean fromThisMachine(HttpServletRequest request) {
        if (RELAYED.stream().anyMatch(header -> request.getHeader(header) != null)) {
            return false;
        }
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
