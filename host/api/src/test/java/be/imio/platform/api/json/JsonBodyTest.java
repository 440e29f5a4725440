package be.imio.platform.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.web.FakeHttp;

/** A request's JSON body: one value, whole, within its limit; anything else is not JSON. */
class JsonBodyTest {

    private static byte[] read(String body, int max) {
        return JsonAnswers.read(FakeHttp.request("POST", "/", Map.of(), Map.of(), body), max);
    }

    @Test
    void oneValueWithinTheLimitIsRead() {
        assertEquals("{\"a\":1}", JsonAnswers.parse(read("{\"a\":1}", 100)).toString());
        assertEquals("{}", JsonAnswers.parse(read("", 100)).toString(), "an empty body is an empty object");
        assertNotNull(JsonAnswers.parse(read("{}   \n", 100)), "blanks after the value");
        assertNotNull(JsonAnswers.parse(read("x".repeat(0) + "{}", 2)), "exactly the limit");
    }

    @Test
    void trailingTextALongerBodyAndNoBodyAreNotJson() {
        assertNull(JsonAnswers.parse(read("{} garbage", 100)));
        assertNull(JsonAnswers.parse(read("{}{}", 100)));
        assertNull(read("{}" + " ".repeat(6000) + "garbage", 4096), "not cut to its first bytes");
        assertNull(read("{}   ", 4), "one byte over the limit");
        assertNull(JsonAnswers.parse(null));
    }
}
