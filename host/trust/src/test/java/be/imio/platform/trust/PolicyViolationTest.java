package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.Texts;

/** The reasons of policy violations in French, English and German, from {@code OSGI-INF/l10n/trust*.properties}. */
class PolicyViolationTest {

    @TempDir
    Path dir;

    /** The violation {@code check} throws: its words in French, English and German, and the same French and English as before. */
    private static void refuses(Executable check, String french, String english, String german) {
        PolicyViolation refused = assertThrows(PolicyViolation.class, check);
        assertEquals(french, refused.words().in(Texts.FRENCH));
        assertEquals(english, refused.words().in(Texts.ENGLISH));
        assertEquals(german, refused.words().in(Texts.GERMAN));
        assertEquals(french, refused.french());
        assertEquals(english, refused.english());
        assertEquals(french + " / " + english, refused.getMessage());
    }

    @Test
    void everyTextExistsInFrenchEnglishAndGerman() {
        assertEquals(Map.of(), Texts.of(PolicyViolation.class.getClassLoader(), "trust").missingKeys());
    }

    /** Checks the wiring of a bundle of the publisher {@code be.imio.solutions} with the one more header {@code name}. */
    private static Executable wiring(String name, String value) {
        Attributes main = new Attributes();
        main.putValue("Bundle-SymbolicName", "be.imio.solutions.a");
        main.putValue(name, value);
        return () -> ManifestPolicy.checkWiring(main, Set.of("be.imio.solutions"));
    }

    @Test
    void aForbiddenHeaderIsNamedInEachLanguage() {
        refuses(wiring("Bundle-UpdateLocation", "https://example.org/a.jar"),
                "l'en-tête Bundle-UpdateLocation n'est pas autorisé : il ferait installer un jar que l'hôte n'a pas"
                        + " vérifié",
                "the Bundle-UpdateLocation header is not allowed: it would have a jar the host did not verify installed",
                "der Header Bundle-UpdateLocation ist nicht erlaubt: er würde ein Jar installieren lassen, das der Host"
                        + " nicht geprüft hat");
    }

    @Test
    void aPackageOutsideTheNamespaceIsNamedInTheSameLanguageAsTheReason() {
        refuses(wiring("Export-Package", "org.other.api;version=\"1.0\""),
                "le paquet exporté org.other.api n'est pas dans l'espace de noms de l'éditeur [be.imio.solutions]",
                "exported package org.other.api is outside the publisher's namespace [be.imio.solutions]",
                "das exportierte Paket org.other.api liegt nicht im Namensraum des Herausgebers [be.imio.solutions]");
    }

    @Test
    void anInterpolatedConfigurationValueIsRefusedInEachLanguage() {
        refuses(() -> FeaturesPolicy.checkProperties("be.imio.solutions.a", "home = ${env:HOME}"),
                "configuration be.imio.solutions.a : home non autorisé, une valeur interpolée (${...}, $[...]) qui lit"
                        + " l'hôte",
                "configuration be.imio.solutions.a: home not allowed, an interpolated value (${...}, $[...]) that reads"
                        + " the host",
                "Konfiguration be.imio.solutions.a: home nicht erlaubt, ein interpolierter Wert (${...}, $[...]), der den"
                        + " Host ausliest");
    }

    @Test
    void twoEntriesOfOneNameAreBothNamed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.putNextEntry(new ZipEntry("A.txt"));
        }
        Path archive = Files.write(dir.resolve("a.jar"), bytes.toByteArray());
        refuses(() -> ArchiveLayout.check(archive),
                "l'archive contient deux entrées de même nom : A.txt et a.txt",
                "the archive holds two entries of the same name: A.txt and a.txt",
                "das Archiv enthält zwei Einträge mit demselben Namen: A.txt und a.txt");
    }
}
