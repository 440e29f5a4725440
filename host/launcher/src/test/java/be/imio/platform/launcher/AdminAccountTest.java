package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class AdminAccountTest {

    @Test
    void digestIsTheHexSha512ThatKarafsRealmCompares() {
        // SHA-512("abc"), the FIPS 180-2 test vector.
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", AdminAccount.digest("abc"));
    }

    @Test
    void passwordsAreLongAndDrawnFromAnUnambiguousAlphabet() {
        String password = AdminAccount.generate(new SecureRandom()).password();

        assertEquals(23, password.length());
        assertEquals(-1, password.indexOf('0'), "no 0/O or 1/l/I confusion when copied by hand");
        assertEquals(-1, password.indexOf('l'));
    }
}
