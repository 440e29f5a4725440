package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the SDK says for every module exists in French, English and German. */
class SdkTextsTest {

    @Test
    void everySdkTextExistsInEveryLanguage() {
        Texts sdk = Texts.of(SdkTextsTest.class.getClassLoader(), "imio-sdk");
        assertEquals(Map.of(), sdk.missingKeys());
        assertEquals("page inconnue", sdk.get(Texts.FRENCH, "error.not_found"));
    }

    @Test
    void aKeyMissingInOneLanguageIsFound() {
        Texts sample = Texts.of(SdkTextsTest.class.getClassLoader(), "sample");
        assertEquals(Map.of(Texts.ENGLISH, java.util.Set.of("only.french"), Texts.GERMAN, java.util.Set.of("only.french")),
                sample.missingKeys());
    }

    @Test
    void aLanguageWithoutItsFileLacksEveryKey() {
        Texts partial = Texts.of(SdkTextsTest.class.getClassLoader(), "partial");
        assertEquals(Map.of(Texts.GERMAN, java.util.Set.of("only.french", "both")), partial.missingKeys());
    }

    @Test
    void textsWithNoFileAtAllCannotPassForComplete() {
        // A module whose test names its texts otherwise than its files must not pass with nothing checked.
        Texts none = Texts.of(SdkTextsTest.class.getClassLoader(), "no-such-texts");
        IllegalStateException refused = assertThrows(IllegalStateException.class, none::missingKeys);
        assertTrue(refused.getMessage().contains("OSGI-INF/l10n/no-such-texts.properties"), refused.getMessage());
    }
}
