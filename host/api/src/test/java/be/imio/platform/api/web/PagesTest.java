package be.imio.platform.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.JsonFields;

/** A module's pages through the SDK: framed, with the module's navigation, forms checked and shown as people need them. */
class PagesTest {

    private final Texts texts = Texts.of(PagesTest.class.getClassLoader(), "pages");
    private final List<JsonNode> posted = new ArrayList<>();
    private final Router router = new Router(texts)
            .route(Route.get("/", call -> call.page(call.text("title"), "<p>liste</p>")).listed("nav.home"))
            .route(Route.get("/new", call -> call.page("Nouveau", new Form(call, "/notes").text("subject",
                    "label.subject", "", 80).html("button.save"))).listed("nav.new"))
            .route(Route.post("/notes", call -> {
                JsonNode sent = call.form();
                if (sent != null) {
                    posted.add(sent);
                    call.seeOther("/?done=saved");
                }
            }))
            .route(Route.get("/public/", call -> call.page("Agenda", "<p>public</p>")).listed("nav.agenda"));

    /** A frame that keeps what it was given, as the platform's would write it. */
    private static final class KeptFrame implements PageFrame {
        final List<PageFrame.Page> pages = new ArrayList<>();

        @Override
        public void write(HttpServletRequest request, HttpServletResponse response, PageFrame.Page page) {
            pages.add(page);
        }
    }

    private FakeHttp.Answer serve(String method, String path, Set<String> roles, Map<String, String> headers,
            String body, PageFrame frame) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        if (roles != null) {
            attributes.put(WebContexts.ROLES, roles);
            attributes.put(WebContexts.FORM_TOKEN, "t0ken");
        }
        if (frame != null) {
            attributes.put(PageFrame.ATTRIBUTE, frame);
        }
        FakeHttp.Answer answer = new FakeHttp.Answer();
        router.serve(FakeHttp.request(method, path, headers, attributes, body), FakeHttp.response(answer));
        return answer;
    }

    @Test
    void aPageGoesToThePlatformsFrameWithTheModulesListedPagesTheCurrentOneMarked() throws Exception {
        KeptFrame frame = new KeptFrame();
        serve("GET", "/new?lang=en", Set.of("admin"), Map.of(), null, frame);
        PageFrame.Page page = frame.pages.get(0);
        assertEquals(200, page.status());
        assertFalse(page.open());
        assertEquals("Nouveau", page.documentTitle());
        assertEquals(List.of(new PageFrame.Link("/modules/sample/", "Register", false),
                new PageFrame.Link("/modules/sample/new", "New", true)), page.links(), "staff pages only, in English");
        serve("GET", "/public/?lang=de", null, Map.of(), null, frame);
        PageFrame.Page open = frame.pages.get(1);
        assertTrue(open.open());
        assertEquals(List.of(new PageFrame.Link("/modules/sample/public/", "Öffentliche Tagesordnung", true)),
                open.links(), "a citizens' page lists the public pages only");
    }

    @Test
    void aPageALaterReleaseAnswersInsteadKeepsItsPlaceUnderItsNewText() throws Exception {
        KeptFrame frame = new KeptFrame();
        Object release = new Object();
        router.add(release, List.of(Route.get("/", call -> call.page("1.1", "<p>1.1</p>")).listed("nav.agenda"),
                Route.get("/late", call -> call.page("1.1", "<p>late</p>")).listed("nav.new")));
        serve("GET", "/?lang=en", Set.of("admin"), Map.of(), null, frame);
        assertEquals(List.of(new PageFrame.Link("/modules/sample/", "Public agenda", true),
                new PageFrame.Link("/modules/sample/new", "New", false),
                new PageFrame.Link("/modules/sample/late", "New", false)), frame.pages.get(0).links());
        router.remove(release);
        serve("GET", "/?lang=en", Set.of("admin"), Map.of(), null, frame);
        assertEquals(2, frame.pages.get(1).links().size(), "the release's pages leave with it");
    }

    @Test
    void aConfirmationIsOneOfTheModulesTextsNeverWhatTheAddressSays() throws Exception {
        Map<String, Object> attributes = Map.of(WebContexts.ROLES, Set.of("admin"));
        Call done = new Call(FakeHttp.request("GET", "/?done=home&lang=en", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        assertEquals("", done.confirmation(), "no text done.home in this module");
        Call forged = new Call(FakeHttp.request("GET", "/?done=%3Cscript%3E", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        assertEquals("", forged.confirmation());
        Call saved = new Call(FakeHttp.request("GET", "/?done=saved&lang=de", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        assertEquals("<p class=\"notice\" role=\"status\">Notiz gespeichert.</p>", saved.confirmation());
    }

    @Test
    void withoutAFrameThePageIsPlainButWholeInTheReadersLanguage() throws Exception {
        FakeHttp.Answer answer = serve("GET", "/?lang=de", Set.of("viewer"), Map.of(), null, null);
        String html = answer.body();
        assertEquals(200, answer.status);
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"), html);
        assertTrue(html.contains("<a class=\"skip-link\" href=\"#main\">Zum Inhalt springen</a>"), html);
        assertTrue(html.contains("<a href=\"/modules/sample/\" aria-current=\"page\">Register</a>"), html);
        assertTrue(html.contains("<main id=\"main\" tabindex=\"-1\"><h1>Posteingangsregister</h1><p>liste</p></main>"), html);
        assertEquals("no-store", answer.headers.get("Cache-Control"));
    }

    @Test
    void aFormIsReadForAnAdministratorOnlyAndOnlyAsAForm() throws Exception {
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        FakeHttp.Answer viewer = serve("POST", "/notes", Set.of("viewer"), form, "subject=x&csrf=t0ken", null);
        assertEquals(403, viewer.status);
        assertTrue(viewer.body().contains("réservé aux administrateurs"), viewer.body());
        FakeHttp.Answer json = serve("POST", "/notes", Set.of("admin"), Map.of("Content-Type", "application/json"),
                "{\"subject\":\"x\"}", null);
        assertEquals(415, json.status);
        assertTrue(posted.isEmpty(), "nothing read from a refused request");

        FakeHttp.Answer taken = serve("POST", "/notes", Set.of("admin"), form,
                "subject=Budget+%C2%AB+2027+%C2%BB&csrf=t0ken&kind=a&kind=b", null);
        assertEquals(303, taken.status);
        assertEquals("/modules/sample/?done=saved", taken.headers.get("Location"));
        JsonNode sent = posted.get(0);
        assertEquals("Budget « 2027 »", sent.path("subject").asText());
        assertFalse(sent.has("csrf"), "the token is the platform's, not a field");
        assertEquals(2, sent.path("kind").size(), "a field sent twice is a list");
    }

    @Test
    void aFormShowsEachProblemNextToItsFieldAndInASummaryAndKeepsWhatWasTyped() throws Exception {
        KeptFrame frame = new KeptFrame();
        Map<String, Object> attributes = Map.of(WebContexts.ROLES, Set.of("admin"), WebContexts.FORM_TOKEN, "t0ken");
        Call call = new Call(FakeHttp.request("GET", "/new", Map.of(), attributes, null), FakeHttp.response(new FakeHttp.Answer()),
                Map.of(), texts, null, List.of());
        JsonNode sent = be.imio.platform.api.json.Json.parse("{\"subject\":\"\",\"date\":\"31/02/2026\",\"urgent\":\"on\"}");
        JsonFields fields = JsonFields.ofForm(sent);
        fields.text("subject", 80, texts.message("label.subject"));
        fields.date("date");
        String html = new Form(call, "/notes").id("note").problems(fields).values(sent)
                .text("subject", "label.subject", "ancien", 80)
                .date("date", "label.date", LocalDate.of(2026, 11, 29))
                .checkbox("urgent", "label.urgent", false)
                .select("kind", "label.kind", List.of(new Form.Option("a", "A"), new Form.Option("b", "B")), "b").optional()
                .html("button.save");
        assertTrue(html.startsWith("<form method=\"post\" action=\"/modules/sample/notes\" class=\"module-form\" id=\"note\""
                + " novalidate><input type=\"hidden\" name=\"csrf\" value=\"t0ken\">"), html);
        assertTrue(html.contains("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus id=\"note-problems\"><h2>Corrigez ce qui suit :</h2>"
                + "<ul><li><a href=\"#note-subject\">indiquez Objet</a></li>"
                + "<li><a href=\"#note-date\">date attendue sous la forme 29/11/2026</a></li></ul></div>"), html);
        assertTrue(html.contains("<p class=\"field-error\" id=\"note-subject-error\">indiquez Objet</p><input type=\"text\""
                + " id=\"note-subject\" name=\"subject\" maxlength=\"80\" value=\"\" aria-required=\"true\" aria-invalid=\"true\""
                + " aria-describedby=\"note-subject-error\">"), "the typed (empty) value, not the old one: " + html);
        assertTrue(html.contains("value=\"31/02/2026\" aria-required=\"true\" aria-invalid=\"true\""
                + " aria-describedby=\"note-date-hint note-date-error\""), html);
        assertTrue(html.contains("<select id=\"note-kind\" name=\"kind\">"), "an optional field is not required: " + html);
        assertTrue(html.contains("<p class=\"hint\" id=\"note-date-hint\">Sous la forme jj/mm/aaaa, par exemple 29/11/2026</p>"), html);
        assertTrue(html.contains("name=\"urgent\" checked>"), "the box ticked when it was sent: " + html);
        assertTrue(html.contains("<option value=\"b\" selected>B</option>"), html);
        assertTrue(html.contains("<label for=\"note-kind\">Sorte <span class=\"optional\">(facultatif)</span></label>"), html);
        assertTrue(html.endsWith("<button type=\"submit\">Enregistrer</button></form>"), html);
    }

    @Test
    void aFormIsTheSameWhateverTheOrderOfItsBuilderCalls() throws Exception {
        Map<String, Object> attributes = Map.of(WebContexts.ROLES, Set.of("admin"), WebContexts.FORM_TOKEN, "t0ken");
        JsonNode sent = be.imio.platform.api.json.Json.parse("{\"subject\":\"typed\",\"date\":\"x\"}");
        JsonFields fields = JsonFields.ofForm(sent);
        fields.date("date");
        Call first = new Call(FakeHttp.request("POST", "/notes", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        String before = new Form(first, "/notes").id("note").problems(fields).values(sent)
                .text("subject", "label.subject", "", 80).date("date", "label.date", null).html("button.save");
        Call second = new Call(FakeHttp.request("POST", "/notes", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        String after = new Form(second, "/notes").text("subject", "label.subject", "", 80).date("date", "label.date", null)
                .values(sent).problems(fields).id("note").html("button.save");
        assertEquals(before, after);
        assertTrue(after.contains("id=\"note-subject\" name=\"subject\" maxlength=\"80\" value=\"typed\""), after);
    }

    @Test
    void aPagesTitleSaysFirstWhatTheFormThatLedThereCameTo() throws Exception {
        KeptFrame frame = new KeptFrame();
        Router titled = new Router(texts)
                .route(Route.get("/refused", call -> {
                    JsonFields fields = JsonFields.ofForm(be.imio.platform.api.json.Json.object());
                    fields.text("subject", 80, texts.message("label.subject"));
                    call.page(400, "Nouveau", new Form(call, "/notes").problems(fields).text("subject", "label.subject", "",
                            80).html("button.save"));
                }))
                .route(Route.get("/", call -> call.page("Registre", call.confirmation())));
        Map<String, Object> attributes = Map.of(WebContexts.ROLES, Set.of("admin"), PageFrame.ATTRIBUTE, frame);
        titled.serve(FakeHttp.request("GET", "/refused", Map.of(), attributes, null), FakeHttp.response(new FakeHttp.Answer()));
        titled.serve(FakeHttp.request("GET", "/?done=saved&lang=en", Map.of(), attributes, null),
                FakeHttp.response(new FakeHttp.Answer()));
        titled.serve(FakeHttp.request("GET", "/", Map.of(), attributes, null), FakeHttp.response(new FakeHttp.Answer()));
        assertEquals("Erreur : Nouveau", frame.pages.get(0).documentTitle());
        assertEquals("Nouveau", frame.pages.get(0).title(), "the heading stays the page's");
        assertEquals("Note saved. — Registre", frame.pages.get(1).documentTitle());
        assertEquals("Registre", frame.pages.get(2).documentTitle());
    }

    @Test
    void aBrowserIsShownAPageAndAProgramJsonForAnAddressNoRouteAnswers() throws Exception {
        KeptFrame frame = new KeptFrame();
        serve("GET", "/nothing", Set.of("admin"), Map.of("Accept", "text/html,application/xhtml+xml"), null, frame);
        assertEquals(404, frame.pages.get(0).status());
        assertTrue(frame.pages.get(0).main().contains("href=\"/modules/sample/\""), frame.pages.get(0).main());
        serve("GET", "/notes", Set.of("admin"), Map.of("Accept", "text/html"), null, frame);
        assertEquals(405, frame.pages.get(1).status());
        FakeHttp.Answer program = serve("GET", "/nothing", Set.of("admin"), Map.of("Accept", "application/json"), null, frame);
        assertEquals(404, program.status);
        assertTrue(program.body().contains("\"not_found\""), program.body());
        FakeHttp.Answer api = serve("GET", "/api/nothing", Set.of("admin"), Map.of("Accept", "text/html"), null, frame);
        assertTrue(api.body().contains("\"not_found\""), "under /api/, JSON even to a browser: " + api.body());
        assertEquals(2, frame.pages.size());
    }

    @Test
    void aViewerIsShownNoFormAtAll() throws Exception {
        Call call = new Call(FakeHttp.request("GET", "/new", Map.of(), Map.of(WebContexts.ROLES, Set.of("viewer")), null),
                FakeHttp.response(new FakeHttp.Answer()), Map.of(), texts, null, List.of());
        assertEquals("", new Form(call, "/notes").text("subject", "label.subject", "", 80).html("button.save"));
        assertFalse(call.admin());
        assertEquals("", call.formField(), "no token without a session");
    }

    @Test
    void onlyAGetRouteWithoutParametersIsListed() {
        Handler nothing = call -> { };
        assertThrows(IllegalArgumentException.class, () -> Route.post("/notes", nothing).listed("nav.new"));
        assertThrows(IllegalArgumentException.class, () -> Route.get("/notes/{id}", nothing).listed("nav.new"));
        assertNull(Route.get("/notes", nothing).listedAs());
        assertEquals("nav.new", Route.get("/notes", nothing).listed("nav.new").listedAs());
    }

    @Test
    void aFormsNumbersAreReadFromDigitsAndTheJsonApiStillWantsNumbers() throws Exception {
        JsonFields form = JsonFields.ofForm(be.imio.platform.api.json.Json.parse("{\"capacity\":\" 200 \",\"other\":\"2e3\"}"));
        assertEquals(200, form.number("capacity", 1, 5000));
        form.number("other", 1, 5000);
        assertEquals(Set.of("other"), form.problems().keySet());
        JsonFields json = new JsonFields(be.imio.platform.api.json.Json.parse("{\"capacity\":\"200\"}"));
        json.number("capacity", 1, 5000);
        assertFalse(json.valid(), "the JSON API keeps asking for a JSON number");
        JsonFields big = JsonFields.ofForm(be.imio.platform.api.json.Json.parse("{\"capacity\":\"99999999999\"}"));
        big.number("capacity", 1, 5000);
        assertFalse(big.valid());
    }
}
