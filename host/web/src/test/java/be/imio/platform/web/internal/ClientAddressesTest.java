package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Who sent a request, behind trusted reverse proxies or not. */
class ClientAddressesTest {

    private static ClientAddresses trusting(String... ranges) {
        return new ClientAddresses(Stream.of(ranges).map(ClientAddresses.Range::parse).toList());
    }

    @Test
    void aConnectionFromAnUntrustedAddressIsTheClientWhateverItClaims() {
        ClientAddresses addresses = trusting("127.0.0.1");
        assertEquals("198.51.100.7", addresses.client(FakeRequest.from("198.51.100.7")));
        assertEquals("198.51.100.7", addresses.client(FakeRequest.from("198.51.100.7", "X-Forwarded-For", "192.0.2.1")));
        assertEquals("198.51.100.7", trusting().client(FakeRequest.from("198.51.100.7", "X-Forwarded-For", "127.0.0.1")));
    }

    @Test
    void aTrustedProxyNamesTheClientItAppended() {
        ClientAddresses addresses = trusting("127.0.0.1", "10.0.0.0/8");
        assertEquals("203.0.113.9", addresses.client(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "203.0.113.9")));
        // What the client sent itself is on the left of what the proxy appended: not believed.
        assertEquals("203.0.113.9", addresses.client(FakeRequest.from("127.0.0.1",
                "X-Forwarded-For", "192.0.2.66, 203.0.113.9")));
        // Through two trusted proxies, in one header or in two.
        assertEquals("203.0.113.9", addresses.client(FakeRequest.from("127.0.0.1",
                "X-Forwarded-For", "192.0.2.66, 203.0.113.9, 10.1.2.3")));
        assertEquals("203.0.113.9", addresses.client(FakeRequest.from("127.0.0.1",
                "X-Forwarded-For", "192.0.2.66, 203.0.113.9", "X-Forwarded-For", "10.1.2.3")));
        assertEquals("2001:db8:0:0:0:0:0:5", addresses.client(FakeRequest.from("127.0.0.1",
                "X-Forwarded-For", "[2001:db8::5]")));
    }

    @Test
    void aMalformedEntryEndsTheWalkAtTheLastTrustedHop() {
        ClientAddresses addresses = trusting("127.0.0.1", "10.0.0.0/8");
        for (String forwarded : List.of("evil.example", "unknown", "", "1.2.3.256", "203.0.113.9:443",
                "203.0.113.9, localhost", "::1%lo", "203.0.113.9, 10.1.2.3, garbage")) {
            assertEquals("127.0.0.1", addresses.client(FakeRequest.from("127.0.0.1", "X-Forwarded-For", forwarded)),
                    forwarded);
        }
        assertEquals("10.1.2.3", addresses.client(FakeRequest.from("127.0.0.1", "X-Forwarded-For", "garbage, 10.1.2.3")));
        assertEquals("127.0.0.1", addresses.client(FakeRequest.from("127.0.0.1")));
    }

    @Test
    void httpsIsBelievedFromATrustedProxyOnly() {
        ClientAddresses addresses = trusting("127.0.0.1");
        assertTrue(addresses.overHttps(FakeRequest.from("127.0.0.1", "X-Forwarded-Proto", "https")));
        assertTrue(addresses.overHttps(FakeRequest.from("127.0.0.1", "X-Forwarded-Proto", "http, HTTPS")));
        assertTrue(!addresses.overHttps(FakeRequest.from("127.0.0.1", "X-Forwarded-Proto", "https, http")));
        assertTrue(!addresses.overHttps(FakeRequest.from("127.0.0.1")));
        assertTrue(!addresses.overHttps(FakeRequest.from("198.51.100.7", "X-Forwarded-Proto", "https")));
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        assertEquals(ClientAddresses.key("2001:db8:1:2::1"), ClientAddresses.key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:1:2::/64", ClientAddresses.key("2001:db8:1:2::1"));
        assertTrue(!ClientAddresses.key("2001:db8:1:2::1").equals(ClientAddresses.key("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", ClientAddresses.key("192.0.2.1"));
    }

    @Test
    void rangesAreIpLiteralsOrCidrAndNothingElse() {
        assertTrue(ClientAddresses.Range.parse("10.0.0.0/8").contains(ClientAddresses.literal("10.255.0.1").orElseThrow()));
        assertTrue(!ClientAddresses.Range.parse("10.0.0.0/8").contains(ClientAddresses.literal("11.0.0.1").orElseThrow()));
        assertTrue(ClientAddresses.Range.parse("fd00::/8").contains(ClientAddresses.literal("fd12::1").orElseThrow()));
        assertTrue(!ClientAddresses.Range.parse("::1").contains(ClientAddresses.literal("127.0.0.1").orElseThrow()));
        for (String bad : List.of("localhost", "proxy.example", "10.0.0.0/33", "10.0.0.0/", "::1/129", "10.0.0.0/x")) {
            assertThrows(IllegalArgumentException.class, () -> ClientAddresses.Range.parse(bad), bad);
        }
    }
}
