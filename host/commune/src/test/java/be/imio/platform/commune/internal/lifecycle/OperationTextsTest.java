package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * What staff read when an operation did not succeed: one French / English pair, never a raw Karaf
 * or Java message alone (that is the operation's detail).
 */
class OperationTextsTest {

    private static final ModuleId SWAP = new ModuleId("be.imio.solutions", "swap");

    private static Bilingual pair(Bilingual text) {
        return Bilingual.parse(text.stored()).orElseThrow(() -> new AssertionError("not one pair: " + text.stored()));
    }

    @Test
    void aBundleThatFailsToStartIsSaidSoInBothLanguages() {
        // Karaf's wrapper quotes Felix's message, "Activator start error", but has no cause of its own.
        Exception karaf = new Exception("Error restarting bundles:\n\tActivator start error in bundle be.imio.solutions.swap [88].");
        karaf.addSuppressed(new BundleException("Activator start error in bundle be.imio.solutions.swap [88].",
                BundleException.ACTIVATOR_ERROR, new IllegalStateException("swap 3.0.0 refuse de démarrer / refuses to start")));
        Bilingual reason = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.INSTALL, karaf));

        assertEquals("be.imio.solutions:swap 3.0.0 n'a pas pu démarrer dans Karaf (IllegalStateException: swap 3.0.0"
                + " refuse de démarrer - refuses to start) ; état précédent rétabli", reason.fr());
        assertEquals("be.imio.solutions:swap 3.0.0 could not start in Karaf (IllegalStateException: swap 3.0.0 refuse"
                + " de démarrer - refuses to start); previous state restored", reason.en());
    }

    @Test
    void aStartFailureWithoutCauseOrWithAnEndlessMessageStaysShort() {
        Bilingual bare = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.INSTALL,
                new BundleException("Activator start error in bundle swap [88].", BundleException.ACTIVATOR_ERROR)));
        assertEquals("be.imio.solutions:swap 3.0.0 could not start in Karaf; previous state restored", bare.en());

        Bilingual endless = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.INSTALL, new BundleException("x",
                BundleException.ACTIVATOR_ERROR, new RuntimeException("boom\n\tat a.B ".repeat(500)))));
        assertTrue(endless.fr().length() < 500 && endless.fr().contains("(RuntimeException: boom at a.B boom"),
                endless.fr());
    }

    @Test
    void unmetRequirementsAndOtherKarafFailuresAreNamedByKind() {
        Bilingual unresolved = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.INSTALL, new Exception(
                "Unable to resolve root: missing requirement [root] osgi.identity; osgi.identity=swap")));
        assertTrue(unresolved.fr().startsWith("les dépendances de be.imio.solutions:swap 3.0.0 ne sont pas satisfaites"),
                unresolved.fr());
        assertTrue(unresolved.en().startsWith("the requirements of be.imio.solutions:swap 3.0.0 are not met"), unresolved.en());

        Bilingual other = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.INSTALL, new IllegalStateException(
                "Feature named 'swap/3.0.0' is not available / something")));
        assertEquals("Karaf n'a pas pu installer be.imio.solutions:swap 3.0.0 ; état précédent rétabli", other.fr());
    }

    @Test
    void aHealthFailureAlreadyInBothLanguagesIsKeptAndARawOneIsNot() {
        Bilingual own = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.HEALTH, new Exception(
                "le composant X a échoué : boom / component X failed: boom")));
        assertEquals("le composant X a échoué : boom", own.fr());
        assertEquals("component X failed: boom", own.en());

        Bilingual raw = pair(OperationTexts.installFailed(SWAP, "3.0.0", OperationPhase.HEALTH, new Exception("NPE at line 3")));
        assertEquals("be.imio.solutions:swap 3.0.0 ne fonctionnait pas après son installation ; état précédent rétabli",
                raw.fr());
    }

    @Test
    void everyReasonIsOnePairEvenWithTextsThatHoldTheSeparator() {
        Refusal refused = new Refusal(409, "not_enabled", "refusal.not-enabled", "a / b");
        FailedRelease failed = new FailedRelease("2.0.0", Instant.parse("2026-06-30T22:30:00Z"), 4,
                "swap n'a pas démarré / swap did not start", null, null);
        for (Bilingual text : List.of(OperationTexts.whenItsTurnCame(refused), OperationTexts.failedHere(failed),
                OperationTexts.failedBefore(SWAP, failed), OperationTexts.restoreFailedToo(OperationTexts.disableFailed(SWAP)),
                OperationTexts.notAsSigned(SWAP, "2.0.0", "x / y / z"), OperationTexts.notDownloaded(SWAP, "2.0.0", null),
                OperationTexts.refusedByHost(SWAP, "2.0.0", "raw"), OperationTexts.revoked(SWAP, "2.0.0"),
                OperationTexts.noLongerInCatalogue(SWAP, "2.0.0"), OperationTexts.unknownGroup("swap"),
                OperationTexts.INTERRUPTED, OperationTexts.policyChanged(SWAP, "automatic", "manual"),
                OperationTexts.previousChanged(SWAP, "1.0.0", "2.0.0"), OperationTexts.alreadyPinned(SWAP, "1.0.0"))) {
            assertEquals(Optional.of(text.stored()), Bilingual.parse(text.stored()).map(Bilingual::stored),
                    "one pair: " + text.stored());
        }
    }

    @Test
    void theHostsOwnBilingualCauseStaysInTheReasonEachLanguageInItsPart() {
        Bilingual slow = pair(OperationTexts.notDownloaded(SWAP, "2.0.0", "swap-2.0.0.jar : moins de 1000 octets par"
                + " seconde reçus pendant 10 s, transfert abandonné / fewer than 1000 bytes a second for 10 s, transfer dropped"));
        assertEquals("be.imio.solutions:swap 2.0.0 n'a pas pu être téléchargé du dépôt ; rien n'a changé (swap-2.0.0.jar :"
                + " moins de 1000 octets par seconde reçus pendant 10 s, transfert abandonné)", slow.fr());
        assertEquals("be.imio.solutions:swap 2.0.0 could not be downloaded from the repository; nothing changed (fewer"
                + " than 1000 bytes a second for 10 s, transfer dropped)", slow.en());

        Bilingual raw = pair(OperationTexts.notDownloaded(SWAP, "2.0.0", "Connection refused"));
        assertEquals("be.imio.solutions:swap 2.0.0 could not be downloaded from the repository; nothing changed", raw.en(),
                "a raw Java message is the detail, not the reason");

        Bilingual refused = pair(OperationTexts.installFailed(SWAP, "2.0.0", OperationPhase.INSTALL, new ModuleArtifacts.Refused(
                "le features XML définit la fonctionnalité scr de la plateforme / the features XML defines the platform's"
                + " feature scr")));
        assertTrue(refused.en().startsWith("this host refused the files of be.imio.solutions:swap 2.0.0"), refused.en());
        assertTrue(refused.en().endsWith("(the features XML defines the platform's feature scr)"), refused.en());
    }

    @Test
    void aFailureHereIsDatedInBrusselsAsBelgiansWriteIt() {
        FailedRelease failed = new FailedRelease("2.0.0", Instant.parse("2026-06-30T22:30:00Z"), 4,
                "swap n'a pas démarré / swap did not start", null, null);
        Bilingual text = OperationTexts.failedHere(failed);
        assertEquals("la version 2.0.0 a échoué ici le 01/07/2026 à 00:30 : swap n'a pas démarré", text.fr());
        assertEquals("version 2.0.0 failed here on 01/07/2026 at 00:30: swap did not start", text.en());
        assertEquals("Version 2.0.0 ist hier am 01.07.2026 um 00:30 fehlgeschlagen: swap n'a pas démarré",
                text.message().in(Texts.GERMAN), "a reason journalled in French and English only stays French in German");
        FailedRelease withMessage = new FailedRelease("2.0.0", Instant.parse("2026-12-24T23:15:00Z"), 4, "ignored / ignored",
                null, OperationTexts.installFailed(SWAP, "2.0.0", OperationPhase.HEALTH, new Exception("x")).message());
        assertEquals("Version 2.0.0 ist hier am 25.12.2026 um 00:15 fehlgeschlagen: be.imio.solutions:swap 2.0.0"
                + " funktionierte nach der Installation nicht; vorheriger Zustand wiederhergestellt",
                OperationTexts.failedHere(withMessage).message().in(Texts.GERMAN));
    }

    @Test
    void aRefusalMetWhenItsTurnCameIsShownInEachLanguage() {
        Bilingual text = OperationTexts.whenItsTurnCame(new Refusal(409, "not_enabled", "refusal.not-enabled", SWAP));
        assertEquals("au moment de l'exécution, le module be.imio.solutions:swap n'est pas activé", text.fr());
        assertEquals("when its turn came, module be.imio.solutions:swap is not enabled", text.en());
        assertEquals("bei der Ausführung: das Modul be.imio.solutions:swap ist nicht aktiviert", text.message().in(Texts.GERMAN));
    }
}
