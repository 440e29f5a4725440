package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.web.metrics.PlatformMetrics;

/**
 * The first step of every request in every context of the platform: settles who sent it (see
 * {@link ClientAddresses}; the answer is left in the request attribute
 * {@link WebContexts#CLIENT_ADDRESS}) and bounds how many requests one client may have in
 * progress at once, across the whole instance. Jetty gives each request in progress a thread, and
 * bounds neither how slowly a client sends a body nor how long it takes to read the answer: without
 * this bound, a few hundred connections from one place, each dribbling a form or a JSON body, hold
 * every thread and no one else is served. Over the bound a request is answered 429
 * {@code too_many_parallel_requests} (RFC 6585) at once, before anything reads its body.
 *
 * <p>Clients spread over many addresses get past a per-address bound, so requests that carry a
 * body (a {@code Content-Length} above zero, or a {@code Transfer-Encoding}) are also bounded all
 * together, by {@code maxRequestBodies}: past it, such a request is answered 503
 * {@code server_busy} with {@code Retry-After}, and requests without a body (pages, {@code /health},
 * metadata and artifact downloads) keep the rest of the threads.
 *
 * <p>Each {@link #enter} that returns normally must be followed by one {@link #leave} for the same
 * request, as {@code handleSecurity} and {@code finishSecurity} are called by the HTTP Whiteboard;
 * a forward or include inside a request is not counted again.
 */
@Component(service = ClientGate.class, configurationPid = ClientGate.PID)
@Designate(ocd = ClientGate.Config.class)
public final class ClientGate {

    static final String PID = "be.imio.platform.web";
    /** Request attribute: {@link System#nanoTime()} when the request was let in, for its duration. */
    private static final String STARTED = ClientGate.class.getName() + ".started";

    /** Null outside a framework (unit tests): requests are then not measured. */
    @Reference
    private PlatformMetrics metrics;
    private static final Logger LOG = LoggerFactory.getLogger(ClientGate.class);
    /** Request attribute: {@code Boolean.TRUE} when the client reached the instance over HTTPS. */
    static final String OVER_HTTPS = ClientGate.class.getName() + ".https";
    /** Request attribute: how many nested dispatches of this request passed the gate. */
    private static final String DEPTH = ClientGate.class.getName() + ".depth";
    /** Request attribute: {@code Boolean.TRUE} when the request was counted as one carrying a body. */
    private static final String BODY = ClientGate.class.getName() + ".body";

    /** {@code etc/be.imio.platform.web.cfg}. */
    @ObjectClassDefinition(name = "iMio platform web", description = "Reverse proxies and per-client limits")
    @interface Config {

        @AttributeDefinition(name = "Trusted reverse proxies", description = "IP addresses or CIDR ranges, "
                + "separated by commas, whose X-Forwarded-For header names the client")
        String trustedProxies() default "127.0.0.1, ::1";

        @AttributeDefinition(name = "Requests in progress per client", description = "At most this many "
                + "requests of one client address (IPv6: one /64) in progress at once; 0: no bound")
        int maxRequestsPerClient() default 32;

        @AttributeDefinition(name = "Request bodies in progress", description = "At most this many "
                + "requests carrying a body in progress at once, from all clients together; 0: no bound")
        int maxRequestBodies() default 64;
    }

    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private volatile ClientAddresses addresses = new ClientAddresses(List.of());
    private final AtomicInteger bodies = new AtomicInteger();
    private volatile int max;
    private volatile int maxBodies;

    @Activate
    @Modified
    void configure(Config config) {
        List<ClientAddresses.Range> proxies = new ArrayList<>();
        for (String entry : config.trustedProxies().split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                proxies.add(ClientAddresses.Range.parse(entry));
            } catch (IllegalArgumentException e) {
                // Trusting less than asked is the safe side: the proxy's clients then share its address.
                LOG.error("etc/{}.cfg, trustedProxies: {}; that entry is ignored", PID, e.getMessage());
            }
        }
        addresses = new ClientAddresses(proxies);
        max = Math.max(0, config.maxRequestsPerClient());
        maxBodies = Math.max(0, config.maxRequestBodies());
    }

    /**
     * Records the request's client and counts it in; answers 429 and returns false when that client
     * already has its bound of requests in progress, 503 when the request carries a body and all
     * clients together have {@code maxRequestBodies} such requests in progress.
     */
    boolean enter(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Integer depth = (Integer) request.getAttribute(DEPTH);
        if (depth != null) {
            request.setAttribute(DEPTH, depth + 1);
            return true;
        }
        String client = addresses.client(request);
        request.setAttribute(WebContexts.CLIENT_ADDRESS, client);
        request.setAttribute(OVER_HTTPS, addresses.overHttps(request));
        int bound = max;
        boolean[] admitted = {true};
        inProgress.compute(ClientAddresses.key(client), (key, count) -> {
            int now = count == null ? 0 : count;
            if (bound > 0 && now >= bound) {
                admitted[0] = false;
                return count;
            }
            return now + 1;
        });
        if (!admitted[0]) {
            refuse(request, response, client, bound + " requests of this client already in progress", 429, "1",
                    "too_many_parallel_requests", "problem.too-many-parallel-requests");
            return false;
        }
        if (carriesBody(request) && !admitBody(request, response, client)) {
            inProgress.computeIfPresent(ClientAddresses.key(client), (key, count) -> count <= 1 ? null : count - 1);
            return false;
        }
        request.setAttribute(DEPTH, 1);
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    private boolean admitBody(HttpServletRequest request, HttpServletResponse response, String client)
            throws IOException {
        int bound = maxBodies;
        if (bodies.incrementAndGet() > bound && bound > 0) {
            bodies.decrementAndGet();
            refuse(request, response, client, bound + " requests carrying a body already in progress", 503, "5",
                    "server_busy", "problem.server-busy");
            return false;
        }
        request.setAttribute(BODY, Boolean.TRUE);
        return true;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String client, String why,
            int status, String retryAfterSeconds, String code, String key) throws IOException {
        LOG.warn("Refused {} {} from {}: {}", request.getMethod(), RoutedPath.printable(request.getRequestURI()), client,
                why);
        SecurityHeaders.apply(response);
        response.setHeader("Retry-After", retryAfterSeconds);
        Problems.send(request, response, status, code, key);
    }

    /** RFC 9112 section 6.3: a request has a body when it has a Transfer-Encoding or a non-zero Content-Length. */
    private static boolean carriesBody(HttpServletRequest request) {
        if (request.getHeader("Transfer-Encoding") != null) {
            return true;
        }
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true; // Jetty refuses it before us; counting it is the safe side.
        }
    }

    /** Counts the request out, once its outermost dispatch ends, and into the metrics; nothing for a refused one. */
    void leave(HttpServletRequest request, HttpServletResponse response) {
        Integer depth = (Integer) request.getAttribute(DEPTH);
        if (depth == null) {
            return;
        }
        if (depth > 1) {
            request.setAttribute(DEPTH, depth - 1);
            return;
        }
        request.removeAttribute(DEPTH);
        if (metrics != null && response != null && request.getAttribute(STARTED) instanceof Long started) {
            String context = request.getContextPath();
            try {
                metrics.request(context == null || context.isEmpty() ? "/" : context, request.getMethod(),
                        response.getStatus(), System.nanoTime() - started);
            } catch (RuntimeException | LinkageError e) {
                // Counting a request must never fail it, nor keep the client counted in below.
                LOG.warn("Request not counted in the metrics: {}", e.toString());
            }
        }
        if (Boolean.TRUE.equals(request.getAttribute(BODY))) {
            request.removeAttribute(BODY);
            bodies.decrementAndGet();
        }
        inProgress.computeIfPresent(ClientAddresses.key(address(request)), (key, count) -> count <= 1 ? null : count - 1);
    }

    /** How many requests are in progress, over all clients (for tests and monitoring). */
    int inProgress() {
        return inProgress.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** How many requests carrying a body are in progress, over all clients (for tests and monitoring). */
    int bodiesInProgress() {
        return bodies.get();
    }

    /** True when the client reached the instance over HTTPS, directly or through a trusted proxy. */
    static boolean overHttps(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(OVER_HTTPS)) || request.isSecure();
    }

    /** The client's address this gate recorded, or the connection's when the request did not pass it. */
    static String address(HttpServletRequest request) {
        Object client = request.getAttribute(WebContexts.CLIENT_ADDRESS);
        return client instanceof String ? (String) client : request.getRemoteAddr();
    }
}
