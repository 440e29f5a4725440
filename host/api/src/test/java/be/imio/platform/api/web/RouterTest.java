package be.imio.platform.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.Json;

/** What a module's pages answer through the SDK's router, as a client sees it. */
class RouterTest {

    private final Texts texts = Texts.of(RouterTest.class.getClassLoader(), "sample");
    private final Router router = new Router(texts).unavailable("title")
            .route(Route.get("/", call -> call.html("<p>" + call.text("title") + "</p>")))
            .route(Route.get("/api/mails/{reference:\\d{4}-\\d{1,9}}", call -> call.json(200,
                    Json.object().put("reference", call.path("reference")))))
            .route(Route.post("/api/mails", call -> {
                JsonNode body = call.adminChange(1024);
                if (body != null) {
                    call.json(201, body);
                }
            }))
            .route(Route.get("/broken", call -> {
                throw new SQLException("connection refused");
            }));

    private FakeHttp.Answer serve(String method, String path, Map<String, String> headers) throws Exception {
        return serve(method, path, headers, Map.of(), null);
    }

    private FakeHttp.Answer serve(String method, String path, Map<String, String> headers, Map<String, Object> attributes,
            String body) throws Exception {
        FakeHttp.Answer answer = new FakeHttp.Answer();
        router.serve(FakeHttp.request(method, path, headers, attributes, body), FakeHttp.response(answer));
        return answer;
    }

    @Test
    void aRequestGoesToItsRouteWithItsPathParameters() throws Exception {
        FakeHttp.Answer page = serve("GET", "/?lang=en", Map.of());
        assertEquals(200, page.status);
        assertEquals("<p>Mail registry</p>", page.body());
        assertEquals("en", page.headers.get("Content-Language"));
        FakeHttp.Answer mail = serve("GET", "/api/mails/2026-0042", Map.of());
        assertEquals("2026-0042", Json.parse(mail.body()).path("reference").asText());
        assertEquals(200, serve("HEAD", "/", Map.of()).status, "HEAD is answered as GET");
    }

    @Test
    void anUnknownPageIsA404InTheReadersLanguageWithItsEnglishInTheReasonPhrase() throws Exception {
        FakeHttp.Answer unknown = serve("GET", "/api/mails/42", Map.of("Accept-Language", "de-BE,fr;q=0.5"));
        assertEquals(404, unknown.status, "a parameter its pattern refuses matches no route");
        JsonNode body = Json.parse(unknown.body());
        assertEquals("not_found", body.path("error").asText());
        assertEquals("unbekannte Seite", body.path("message").asText());
        assertEquals("unknown page", body.path("message_en").asText());
        assertEquals("not_found: unknown page", unknown.reason);
        assertEquals("page inconnue / unknown page", Json.parse(serve("GET", "/nowhere", Map.of()).body()).path("message")
                .asText(), "a request naming no language, as a program's: French then English");
        assertEquals("page inconnue", Json.parse(serve("GET", "/nowhere?lang=fr", Map.of()).body()).path("message")
                .asText());
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIs405NamingTheAllowedOnes() throws Exception {
        FakeHttp.Answer wrong = serve("DELETE", "/api/mails", Map.of());
        assertEquals(405, wrong.status);
        assertEquals("POST", wrong.headers.get("Allow"));
        assertEquals("method_not_allowed", Json.parse(wrong.body()).path("error").asText());
        assertEquals("GET, HEAD", serve("POST", "/", Map.of()).headers.get("Allow"));
    }

    @Test
    void aStateChangeNeedsAnAdministratorAndAJsonBody() throws Exception {
        Map<String, Object> admin = Map.of(WebContexts.ROLES, Set.of(WebContexts.ADMIN));
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertEquals(403, serve("POST", "/api/mails", json, Map.of(WebContexts.ROLES, Set.of("viewer")), "{}").status);
        assertEquals(415, serve("POST", "/api/mails", Map.of("Content-Type", "text/plain"), admin, "{}").status);
        FakeHttp.Answer bad = serve("POST", "/api/mails?lang=de", json, admin, "{nope");
        assertEquals(400, bad.status);
        assertEquals("ungültiger JSON-Inhalt", Json.parse(bad.body()).path("message").asText());
        FakeHttp.Answer created = serve("POST", "/api/mails", json, admin, "{\"subject\":\"x\"}");
        assertEquals(201, created.status);
        assertEquals("x", Json.parse(created.body()).path("subject").asText());
    }

    @Test
    void aDatabaseThatFailsIs503WithTheModulesOwnWords() throws Exception {
        FakeHttp.Answer broken = serve("GET", "/broken?lang=de", Map.of());
        assertEquals(503, broken.status);
        JsonNode body = Json.parse(broken.body());
        assertEquals("unavailable", body.path("error").asText());
        assertEquals("Posteingangsregister", body.path("message").asText());
        assertEquals("Mail registry", body.path("message_en").asText());
    }

    @Test
    void routesAddedByALaterReleaseAnswerFirstUntilRemoved() throws Exception {
        Object release = new Object();
        router.add(release, List.of(Route.get("/", call -> call.html("newer")), Route.get("/api/overdue",
                call -> call.json(200, Json.object()))));
        assertEquals("newer", serve("GET", "/", Map.of()).body());
        assertEquals(200, serve("GET", "/api/overdue", Map.of()).status);
        router.remove(release);
        assertEquals(404, serve("GET", "/api/overdue", Map.of()).status);
        assertTrue(serve("GET", "/", Map.of()).body().startsWith("<p>"));
    }
}
