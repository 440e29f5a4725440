package be.imio.platform.repository.internal.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.repository.internal.release.Staging;
import be.imio.platform.trust.ManifestPolicy;
import be.imio.platform.trust.PolicyViolation;

/**
 * A refused release is put into words only when answered: in the language the request names,
 * in French then English when it names none, and in English in the reason phrase Maven prints.
 */
class RefusalWordsTest {

    private static final String FRENCH = "artifactId invalide : 'name-' (lettres, chiffres, _, et . ou - entre eux ;"
            + " au plus 100 caractères)";
    private static final String ENGLISH = "invalid artifactId: 'name-' (letters, digits, _, and . or - between them;"
            + " at most 100 characters)";
    private static final String GERMAN = "ungültige artifactId: 'name-' (Buchstaben, Ziffern, _, und . oder -"
            + " dazwischen; höchstens 100 Zeichen)";

    private static ReleaseRefused badArtifactId() {
        return assertThrows(ReleaseRefused.class,
                () -> ReleaseDesk.checkArtifactId(MavenPath.ofVersionFile("be/imio/x/name-/1.0.0/name--1.0.0.jar")));
    }

    @Test
    void aRefusalWithArgumentsIsWordedInEachLanguage() {
        ReleaseRefused refused = badArtifactId();
        assertEquals("bad_artifact_id", refused.code());
        assertEquals(FRENCH, refused.reason().in(Texts.FRENCH));
        assertEquals(ENGLISH, refused.reason().in(Texts.ENGLISH));
        assertEquals(GERMAN, refused.reason().in(Texts.GERMAN));
        assertEquals(ENGLISH, refused.getMessage(), "logs read English");

        ReleaseRefused full = Staging.storageFull(3 * 1024 * 1024);
        assertEquals("le disque du dépôt est plein (3072 Ko libres) : rien n'a été publié ; réessayez quand"
                + " l'administrateur aura fait de la place", full.reason().in(Texts.FRENCH));
        assertEquals("the repository's disk is full (3072 KB free): nothing was released; try again once the"
                + " administrator has made room", full.reason().in(Texts.ENGLISH));
        assertEquals("die Festplatte des Repositorys ist voll (3072 KB frei): nichts wurde veröffentlicht; versuchen"
                + " Sie es erneut, wenn der Administrator Platz geschaffen hat", full.reason().in(Texts.GERMAN));
    }

    @Test
    void aReasonFromAReleaseRuleKeepsItsOwnWords() {
        Attributes main = new Attributes();
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.configurator)\"");
        PolicyViolation violation = assertThrows(PolicyViolation.class, () -> ManifestPolicy.checkExtenders(main, List.of()));
        ReleaseRefused refused = ReleaseRefused.of(violation, violation.status());
        assertEquals("extender_not_allowed", refused.code());
        assertEquals(violation.status(), refused.status());
        assertEquals(violation.french(), refused.reason().in(Texts.FRENCH));
        assertEquals(violation.english(), refused.reason().in(Texts.ENGLISH));
        assertEquals(violation.words().in(Texts.GERMAN), refused.reason().in(Texts.GERMAN));
        assertTrue(refused.reason().in(Texts.GERMAN).contains("ist nicht erlaubt"), refused.reason().in(Texts.GERMAN));
        assertFalse(refused.reason().in(Texts.GERMAN).equals(violation.english()), "German readers get German words");
        assertEquals(violation.english(), refused.getMessage());
    }

    @Test
    void theAnswerSaysTheReasonInTheRequestsLanguageAndInEnglishToMaven() {
        ReleaseRefused refused = badArtifactId();
        JsonNode none = JsonAnswers.error(request(Map.of()), refused.code(), refused.reason());
        assertEquals("bad_artifact_id", none.path("error").asText());
        assertEquals(FRENCH + " / " + ENGLISH, none.path("message").asText(), "no language named");
        assertEquals(ENGLISH, none.path("message_en").asText());
        // JsonAnswers.send makes the reason phrase of a refusal of these two: what Maven prints.
        assertEquals("bad_artifact_id: " + ENGLISH, JsonAnswers.reasonPhrase(none.path("error").asText() + ": "
                + none.path("message_en").asText()));

        JsonNode german = JsonAnswers.error(request(Map.of("Accept-Language", "de-BE,de;q=0.9")), refused.code(),
                refused.reason());
        assertEquals(GERMAN, german.path("message").asText());
        assertEquals(ENGLISH, german.path("message_en").asText());
    }

    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(RefusalWordsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> "getHeader".equals(m.getName())
                        ? headers.get(args[0]) : null);
    }
}
