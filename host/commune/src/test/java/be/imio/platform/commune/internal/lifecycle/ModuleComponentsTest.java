package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import be.imio.platform.commune.internal.texts.Bilingual;

/** What the host tells staff of a module's component, from what Felix SCR reports of it. */
class ModuleComponentsTest {

    private static final String NAME = "be.imio.solutions.probe.ProbeServlet";

    @Test
    void aFailedActivationIsFinalAndGivesTheComponentItsBundleAndTheException() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        configuration.failure = "org.osgi.service.component.ComponentException: activate failed\n"
                + "\tat org.apache.felix.scr.impl.X.y(X.java:1)\n"
                + "Caused by: java.lang.IllegalStateException: registre illisible / register unreadable\n"
                + "\tat be.imio.solutions.probe.ProbeServlet.activate(ProbeServlet.java:27)\n";
        ModuleComponents.Finding finding = ModuleComponents.finding(description(), configuration);
        assertTrue(finding.failed(), "waiting cannot mend a failed activation");
        String cause = "org.osgi.service.component.ComponentException: activate failed ;"
                + " java.lang.IllegalStateException: registre illisible - register unreadable";
        Bilingual reason = Bilingual.parse(finding.reason()).orElseThrow(
                () -> new AssertionError("one French / English pair, whatever the exception says: " + finding.reason()));
        assertEquals("le composant " + NAME + " (be.imio.solutions.probe 1.0.1) n'a pas pu démarrer : " + cause,
                reason.fr());
        assertEquals("component " + NAME + " (be.imio.solutions.probe 1.0.1) failed to activate: " + cause, reason.en());
    }

    @Test
    void theFailureIsItsFirstLineWhenItHasNoCauseAndIsBounded() {
        assertEquals("java.lang.IllegalStateException: boom",
                ModuleComponents.failure("java.lang.IllegalStateException: boom\n\tat a.b.C.d(C.java:1)\n").in(Texts.GERMAN));
        assertEquals("raison inconnue", ModuleComponents.failure(null).in(Texts.FRENCH));
        assertEquals("unknown reason", ModuleComponents.failure(null).in(Texts.ENGLISH));
        assertEquals("unbekannter Grund", ModuleComponents.failure(null).in(Texts.GERMAN));
        assertTrue(ModuleComponents.failure("x".repeat(5000)).in(Texts.FRENCH).length() < 700,
                "a module cannot flood the journal");
    }

    @Test
    void anUnsatisfiedReferenceNamesTheServiceItLacksAndMayStillCome() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO missing = new UnsatisfiedReferenceDTO();
        missing.name = "store";
        missing.target = "(objectClass=*)";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {missing};
        ModuleComponents.Finding finding = ModuleComponents.finding(description(), configuration);
        assertFalse(finding.failed(), "the service may be registered a moment later");
        assertTrue(finding.reason().contains("n'a pas le service obligatoire be.imio.solutions.probe.ProbeLedger (store)"
                + " (objectClass=*) / component " + NAME), finding.reason());
        assertTrue(finding.reason().endsWith("lacks the mandatory service be.imio.solutions.probe.ProbeLedger (store)"
                + " (objectClass=*)"), finding.reason());
    }

    @Test
    void aComponentActiveOrSatisfiedIsFine() {
        assertNull(ModuleComponents.finding(description(), configuration(ComponentConfigurationDTO.ACTIVE)));
        assertNull(ModuleComponents.finding(description(), configuration(ComponentConfigurationDTO.SATISFIED)));
        assertFalse(ModuleComponents.finding(description(),
                configuration(ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION)).failed());
    }

    private static ComponentDescriptionDTO description() {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = NAME;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = "be.imio.solutions.probe";
        description.bundle.version = "1.0.1";
        ReferenceDTO store = new ReferenceDTO();
        store.name = "store";
        store.interfaceName = "be.imio.solutions.probe.ProbeLedger";
        description.references = new ReferenceDTO[] {store};
        return description;
    }

    private static ComponentConfigurationDTO configuration(int state) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        return configuration;
    }
}
