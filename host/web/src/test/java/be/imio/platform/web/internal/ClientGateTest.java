package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.WebContexts;

/** The bound on requests in progress per client. */
class ClientGateTest {

    private static ClientGate gate(String proxies, int max) {
        return gate(proxies, max, 64);
    }

    private static ClientGate gate(String proxies, int max, int bodies) {
        ClientGate gate = new ClientGate();
        gate.configure(new ClientGate.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ClientGate.Config.class;
            }

            @Override
            public String trustedProxies() {
                return proxies;
            }

            @Override
            public int maxRequestsPerClient() {
                return max;
            }

            @Override
            public int maxRequestBodies() {
                return bodies;
            }
        });
        return gate;
    }

    @Test
    void oneClientGetsItsBoundThen429AndOthersAreStillServed() throws Exception {
        ClientGate gate = gate("127.0.0.1", 3);
        List<HttpServletRequest> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpServletRequest request = FakeRequest.from("198.51.100.7");
            assertTrue(gate.enter(request, FakeRequest.recording(new HashMap<>())));
            held.add(request);
        }
        Map<String, Object> seen = new HashMap<>();
        HttpServletRequest refused = FakeRequest.from("198.51.100.7");
        assertFalse(gate.enter(refused, FakeRequest.recording(seen)));
        assertEquals(429, seen.get("status"));
        assertEquals("1", seen.get("Retry-After"));
        assertTrue(((String) seen.get("body")).contains("\"too_many_parallel_requests\""), (String) seen.get("body"));
        gate.leave(refused, null);
        assertEquals(3, gate.inProgress(), "a refused request is not counted out");

        assertTrue(gate.enter(FakeRequest.from("198.51.100.8"), FakeRequest.recording(new HashMap<>())));
        gate.leave(held.get(0), null);
        assertTrue(gate.enter(FakeRequest.from("198.51.100.7"), FakeRequest.recording(new HashMap<>())));
    }

    @Test
    void clientsBehindTheTrustedProxyAreCountedApartAndTheProxyIsNotTheirBound() throws Exception {
        ClientGate gate = gate("127.0.0.1", 2);
        for (int client = 1; client <= 20; client++) {
            for (int i = 0; i < 2; i++) {
                HttpServletRequest request = FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113." + client);
                assertTrue(gate.enter(request, FakeRequest.recording(new HashMap<>())), "client " + client);
                assertEquals("203.0.113." + client, request.getAttribute(WebContexts.CLIENT_ADDRESS));
            }
        }
        assertFalse(gate.enter(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113.1"),
                FakeRequest.recording(new HashMap<>())));
    }

    @Test
    void anUntrustedSenderCannotSpreadOverInventedAddressesNorAnIpv6OverItsSlash64() throws Exception {
        ClientGate gate = gate("127.0.0.1", 2);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            if (gate.enter(FakeRequest.from("198.51.100.7", "X-Forwarded-For", "203.0.113." + i),
                    FakeRequest.recording(new HashMap<>()))) {
                admitted++;
            }
            if (gate.enter(FakeRequest.from("2001:db8:1:2::" + Integer.toHexString(i + 1)),
                    FakeRequest.recording(new HashMap<>()))) {
                admitted++;
            }
        }
        assertEquals(4, admitted);
    }

    @Test
    void aNestedDispatchIsCountedOnceAndLeavesWithTheOutermost() throws Exception {
        ClientGate gate = gate("", 1);
        HttpServletRequest request = FakeRequest.from("198.51.100.7");
        assertTrue(gate.enter(request, FakeRequest.recording(new HashMap<>())));
        assertTrue(gate.enter(request, FakeRequest.recording(new HashMap<>())), "a forward inside the request");
        gate.leave(request, null);
        assertEquals(1, gate.inProgress());
        gate.leave(request, null);
        assertEquals(0, gate.inProgress());
        assertTrue(gate.enter(FakeRequest.from("198.51.100.7"), FakeRequest.recording(new HashMap<>())));
    }

    @Test
    void zeroMeansNoBound() throws Exception {
        ClientGate gate = gate("", 0);
        for (int i = 0; i < 500; i++) {
            assertTrue(gate.enter(FakeRequest.from("198.51.100.7"), FakeRequest.recording(new HashMap<>())));
        }
    }

    @Test
    void requestsCarryingABodyFromManyAddressesAreBoundedTogetherAndRequestsWithoutOneAreNot() throws Exception {
        ClientGate gate = gate("127.0.0.1", 32, 5);
        List<HttpServletRequest> held = new ArrayList<>();
        String[][] bodies = {{"Content-Length", "100000"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "x"}};
        for (int client = 0; client < 5; client++) {
            String[] body = bodies[client % bodies.length];
            HttpServletRequest request = FakeRequest.from("127.0.0.1", "X-Forwarded-For", "2001:db8:" + client + "::1",
                    body[0], body[1]);
            assertTrue(gate.enter(request, FakeRequest.recording(new HashMap<>())), "client " + client);
            held.add(request);
        }
        for (String[] body : bodies) {
            Map<String, Object> seen = new HashMap<>();
            HttpServletRequest refused = FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113.9", body[0], body[1]);
            assertFalse(gate.enter(refused, FakeRequest.recording(seen)), body[0] + ": " + body[1]);
            assertEquals(503, seen.get("status"));
            assertEquals("5", seen.get("Retry-After"));
            assertTrue(((String) seen.get("body")).contains("\"server_busy\""), (String) seen.get("body"));
            gate.leave(refused, null);
        }
        assertEquals(5, gate.bodiesInProgress());
        assertEquals(5, gate.inProgress(), "a refused body is not left counted for its client");
        // Pages, /health and downloads still get in, and so do empty bodies.
        for (int i = 0; i < 20; i++) {
            assertTrue(gate.enter(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113." + i),
                    FakeRequest.recording(new HashMap<>())));
            assertTrue(gate.enter(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "198.51.100." + i,
                    "Content-Length", "0"), FakeRequest.recording(new HashMap<>())));
        }
        gate.leave(held.get(0), null);
        assertEquals(4, gate.bodiesInProgress());
        assertTrue(gate.enter(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113.9", "Content-Length", "10"),
                FakeRequest.recording(new HashMap<>())), "a freed place is taken again");
    }

    @Test
    void zeroBodiesMeansNoBound() throws Exception {
        ClientGate gate = gate("", 0, 0);
        for (int i = 0; i < 300; i++) {
            assertTrue(gate.enter(FakeRequest.from("198.51.100." + (i % 250), "Content-Length", "10"),
                    FakeRequest.recording(new HashMap<>())));
        }
    }
}
