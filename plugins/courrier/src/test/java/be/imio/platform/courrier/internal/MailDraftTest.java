package be.imio.platform.courrier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;

class MailDraftTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneId.of("Europe/Brussels"));

    private static final Texts TEXTS = Texts.of(MailDraftTest.class.getClassLoader(), CourrierDatabase.MODULE);

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void readsALetterWithABelgianDate() throws Exception {
        MailDraft draft = MailDraft.parse(json("{\"direction\":\"entrant\",\"correspondent\":\" SPW Mobilité \","
                + "\"subject\":\"Demande de subside\",\"date\":\"28/11/2026\",\"service\":\"Travaux\"}"), TODAY, TEXTS);

        assertEquals(Direction.INCOMING, draft.direction());
        assertEquals("SPW Mobilité", draft.correspondent(), "spaces around are dropped");
        assertEquals(LocalDate.of(2026, 11, 28), draft.date());
    }

    @Test
    void saysWhatIsWrongWithEachField() throws Exception {
        InvalidInput invalid = assertThrows(InvalidInput.class, () -> MailDraft.parse(json("{\"direction\":\"latéral\","
                + "\"correspondent\":\"\",\"subject\":\"" + "x".repeat(301) + "\",\"date\":\"31/02/2026\"}"), TODAY, TEXTS));

        assertEquals(java.util.Set.of("direction", "correspondent", "subject", "date", "service"),
                invalid.fields().problems().keySet());
        java.util.Map<String, String> french = invalid.fields().problems(Texts.FRENCH);
        assertTrue(french.get("subject").contains("300"), french.get("subject"));
        assertTrue(french.get("date").contains("29/11/2026"), "the expected form is shown");
        assertEquals("indiquez l'expéditeur ou le destinataire", french.get("correspondent"));
        assertEquals("geben Sie den Absender oder Empfänger an", invalid.fields().problems(Texts.GERMAN).get("correspondent"));
    }

    @Test
    void refusesADateInTheFuture() throws Exception {
        InvalidInput invalid = assertThrows(InvalidInput.class, () -> MailDraft.parse(json("{\"direction\":\"sortant\","
                + "\"correspondent\":\"Citoyen\",\"subject\":\"Réponse\",\"date\":\"2026-11-30\",\"service\":\"État civil\"}"),
                TODAY, TEXTS));

        assertEquals(java.util.Set.of("date"), invalid.fields().problems().keySet());
    }

    @Test
    void statusesOnlyMoveForwardAndCloseAtAnyTime() {
        assertTrue(Status.REGISTERED.next().contains(Status.ASSIGNED));
        assertTrue(Status.ASSIGNED.next().contains(Status.CLOSED));
        assertTrue(!Status.IN_PROGRESS.next().contains(Status.ASSIGNED), "no step back");
        assertTrue(Status.CLOSED.next().isEmpty(), "a closed letter stays closed");
        assertEquals(Status.IN_PROGRESS, Status.parse("en traitement"));
    }

    @Test
    void referencesAreTheYearAndAFourDigitNumber() {
        assertEquals("2026-0042", new MailReference(2026, 42).toString());
        assertEquals(new MailReference(2026, 42), MailReference.parse("2026-0042"));
        assertEquals(null, MailReference.parse("42/2026"));
    }

    @Test
    void thePageEscapesWhatStaffTyped() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;",
                CourrierServlet.escape("<script>alert('x')</script> & \""));
    }
}
