package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.texts.WordedIOException;

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
                OperationTexts.notAsSigned(SWAP, "2.0.0", new IOException("x / y / z")),
                OperationTexts.notDownloaded(SWAP, "2.0.0", new IOException((String) null)),
                OperationTexts.refusedByHost(SWAP, "2.0.0", new Exception("raw")), OperationTexts.revoked(SWAP, "2.0.0"),
                OperationTexts.noLongerInCatalogue(SWAP, "2.0.0"), OperationTexts.unknownGroup("swap"),
                OperationTexts.INTERRUPTED, OperationTexts.policyChanged(SWAP, "automatic", "manual"),
                OperationTexts.previousChanged(SWAP, "1.0.0", "2.0.0"), OperationTexts.alreadyPinned(SWAP, "1.0.0"))) {
            assertEquals(Optional.of(text.stored()), Bilingual.parse(text.stored()).map(Bilingual::stored),
                    "one pair: " + text.stored());
        }
    }

    @Test
    void theHostsOwnBilingualCauseStaysInTheReasonEachLanguageInItsPart() {
        Bilingual slow = pair(OperationTexts.notDownloaded(SWAP, "2.0.0", new IOException("swap-2.0.0.jar : moins de 1000"
                + " octets par seconde reçus pendant 10 s, transfert abandonné / fewer than 1000 bytes a second for 10 s,"
                + " transfer dropped")));
        assertEquals("be.imio.solutions:swap 2.0.0 n'a pas pu être téléchargé du dépôt ; rien n'a changé (swap-2.0.0.jar :"
                + " moins de 1000 octets par seconde reçus pendant 10 s, transfert abandonné)", slow.fr());
        assertEquals("be.imio.solutions:swap 2.0.0 could not be downloaded from the repository; nothing changed (fewer"
                + " than 1000 bytes a second for 10 s, transfer dropped)", slow.en());

        Bilingual raw = pair(OperationTexts.notDownloaded(SWAP, "2.0.0", new IOException("Connection refused")));
        assertEquals("be.imio.solutions:swap 2.0.0 could not be downloaded from the repository; nothing changed", raw.en(),
                "a raw Java message is the detail, not the reason");

        Bilingual refused = pair(OperationTexts.installFailed(SWAP, "2.0.0", OperationPhase.INSTALL, new ModuleArtifacts.Refused(
                Message.of("cause.platform-feature", "scr"))));
        assertTrue(refused.en().startsWith("this host refused the files of be.imio.solutions:swap 2.0.0"), refused.en());
        assertTrue(refused.en().endsWith("(the features XML defines the platform's feature scr)"), refused.en());
    }

    /**
     * {@code reason} reads {@code fr}, {@code en} and {@code de} wholly in each language, and is
     * stored as {@code "fr / en"}.
     */
    private static void assertReads(Bilingual reason, String fr, String en, String de) {
        assertEquals(fr, reason.message().in(Texts.FRENCH));
        assertEquals(en, reason.message().in(Texts.ENGLISH));
        assertEquals(de, reason.message().in(Texts.GERMAN));
        assertEquals(fr + " / " + en, reason.stored());
    }

    @Test
    void aDownloadRefusedForItsSizeQuotesTheCauseInTheReadersLanguage() {
        WordedIOException tooLarge = new WordedIOException(Message.of("cause.too-much-received", "swap-2.0.0.jar", 1048576));
        assertEquals("swap-2.0.0.jar : plus de 1048576 octets reçus / swap-2.0.0.jar: more than 1048576 bytes received",
                tooLarge.getMessage(), "the log and the detail keep French / English");

        assertReads(OperationTexts.notDownloaded(SWAP, "2.0.0", tooLarge),
                "be.imio.solutions:swap 2.0.0 n'a pas pu être téléchargé du dépôt ; rien n'a changé (swap-2.0.0.jar : plus"
                        + " de 1048576 octets reçus)",
                "be.imio.solutions:swap 2.0.0 could not be downloaded from the repository; nothing changed"
                        + " (swap-2.0.0.jar: more than 1048576 bytes received)",
                "be.imio.solutions:swap 2.0.0 konnte nicht vom Repository heruntergeladen werden; nichts wurde geändert"
                        + " (swap-2.0.0.jar: mehr als 1048576 Bytes empfangen)");
    }

    @Test
    void aFileThatIsNotAsSignedQuotesTheCauseInTheReadersLanguage() {
        WordedIOException mismatch = new WordedIOException(Message.of("cause.not-as-signed", "swap-2.0.0.jar"));
        assertEquals("swap-2.0.0.jar : longueur ou SHA-256 différents de ceux signés, fichier refusé / swap-2.0.0.jar:"
                + " length or SHA-256 differ from the signed ones, file refused", mismatch.getMessage());

        assertReads(OperationTexts.notAsSigned(SWAP, "2.0.0", mismatch),
                "vérification échouée : les fichiers reçus pour be.imio.solutions:swap 2.0.0 diffèrent de ceux signés"
                        + " (longueur ou SHA-256) ; rien n'a changé (swap-2.0.0.jar : longueur ou SHA-256 différents de"
                        + " ceux signés, fichier refusé)",
                "verification failed: the files received for be.imio.solutions:swap 2.0.0 differ from the signed ones"
                        + " (length or SHA-256); nothing changed (swap-2.0.0.jar: length or SHA-256 differ from the signed"
                        + " ones, file refused)",
                "Prüfung fehlgeschlagen: die für be.imio.solutions:swap 2.0.0 empfangenen Dateien weichen von den"
                        + " signierten ab (Länge oder SHA-256); nichts wurde geändert (swap-2.0.0.jar: Länge oder SHA-256"
                        + " weichen von den signierten Werten ab, Datei abgelehnt)");
    }

    @Test
    void aBundleCheckQuotesTheCauseInTheReadersLanguage() throws Exception {
        ModuleArtifacts.Refused outside = new ModuleArtifacts.Refused(Message.of("cause.outside-group",
                "mvn:be.imio.solutions/swap/2.0.0", "be.imio.platform.zz", "be.imio.solutions", SWAP));
        assertEquals("mvn:be.imio.solutions/swap/2.0.0 a le nom symbolique 'be.imio.platform.zz', hors du groupe"
                + " be.imio.solutions du module be.imio.solutions:swap ; rien n'a été installé /"
                + " mvn:be.imio.solutions/swap/2.0.0 has the symbolic name 'be.imio.platform.zz', outside the group"
                + " be.imio.solutions of module be.imio.solutions:swap; nothing was installed", outside.getMessage());
        assertReads(OperationTexts.installFailed(SWAP, "2.0.0", OperationPhase.INSTALL, outside),
                "cet hôte a refusé les fichiers de be.imio.solutions:swap 2.0.0 à la vérification ; rien n'a changé"
                        + " (mvn:be.imio.solutions/swap/2.0.0 a le nom symbolique 'be.imio.platform.zz', hors du groupe"
                        + " be.imio.solutions du module be.imio.solutions:swap ; rien n'a été installé)",
                "this host refused the files of be.imio.solutions:swap 2.0.0 when verifying them; nothing changed"
                        + " (mvn:be.imio.solutions/swap/2.0.0 has the symbolic name 'be.imio.platform.zz', outside the"
                        + " group be.imio.solutions of module be.imio.solutions:swap; nothing was installed)",
                "dieser Host hat die Dateien von be.imio.solutions:swap 2.0.0 bei der Prüfung abgelehnt; nichts wurde"
                        + " geändert (mvn:be.imio.solutions/swap/2.0.0 hat den symbolischen Namen 'be.imio.platform.zz',"
                        + " außerhalb der Gruppe be.imio.solutions des Moduls be.imio.solutions:swap; nichts wurde"
                        + " installiert)");

        // The bundle a feature names, checked once installed: the failure is the whole reason.
        ModuleBundles.Unknown unknown = assertThrows(ModuleBundles.Unknown.class,
                () -> new ModuleBundles(null, Path.of("verified")).identity("file:/tmp/swap.jar"));
        assertEquals("le bundle file:/tmp/swap.jar n'est pas un artefact Maven / bundle file:/tmp/swap.jar is not a Maven"
                + " artifact", unknown.getMessage());
        assertReads(OperationTexts.installFailed(SWAP, "2.0.0", OperationPhase.HEALTH, unknown),
                "le bundle file:/tmp/swap.jar n'est pas un artefact Maven",
                "bundle file:/tmp/swap.jar is not a Maven artifact",
                "das Bundle file:/tmp/swap.jar ist kein Maven-Artefakt");
    }

    @Test
    void aCauseWithTechnicalWordsKeepsThemForTheDetailOnly() {
        ModuleArtifacts.Refused unreadable = new ModuleArtifacts.Refused(Message.of("cause.features-unreadable"),
                ": Premature end of file.");
        assertEquals("features XML illisible / unreadable features XML: Premature end of file.", unreadable.getMessage());
        assertReads(OperationTexts.refusedByHost(SWAP, "2.0.0", unreadable),
                "cet hôte a refusé les fichiers de be.imio.solutions:swap 2.0.0 à la vérification ; rien n'a changé"
                        + " (features XML illisible)",
                "this host refused the files of be.imio.solutions:swap 2.0.0 when verifying them; nothing changed"
                        + " (unreadable features XML)",
                "dieser Host hat die Dateien von be.imio.solutions:swap 2.0.0 bei der Prüfung abgelehnt; nichts wurde"
                        + " geändert (Features-XML nicht lesbar)");
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
