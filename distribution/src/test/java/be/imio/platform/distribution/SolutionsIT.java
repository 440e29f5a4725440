package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The shared solutions as built by this project, each in its two releases, published to a
 * central repository and run by a commune host: each enables at 1.0.0 and takes data, hot-swaps
 * to 1.1.0 (a schema migration and a new feature) with the data kept, and rolls back to 1.0.0,
 * which still reads it.
 */
class SolutionsIT {

    private static final String PUBLISHER = "publisher-platform";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String VIEWER_PASSWORD = "Viewer-Secret-" + System.nanoTime();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.addAccount("agent", VIEWER_PASSWORD, "_g_:viewergroup");
        host.start();
        for (String module : new String[] {"courrier", "conseil", "salles"}) {
            for (String version : new String[] {"1.0.0", "1.1.0"}) {
                PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, module, version);
            }
        }
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    void theSolutionsReleasedPomsStandAloneAndTheBuildsOwnPomIsRefused() throws Exception {
        for (String module : new String[] {"courrier", "conseil", "salles"}) {
            for (String version : new String[] {"1.0.0", "1.1.0"}) {
                String path = "/repository/maven/be/imio/platform/" + module + "/" + version + "/" + module + "-" + version + ".pom";
                HttpResponse<String> pom = repository.get(path, null);
                assertEquals(200, pom.statusCode(), path);
                // What Maven needs to read it as a dependency: its own coordinates, no parent to fetch.
                assertTrue(pom.body().contains("<artifactId>" + module + "</artifactId>")
                        && pom.body().contains("<version>" + version + "</version>")
                        && !pom.body().contains("<parent>") && !pom.body().contains("SNAPSHOT"), path + ": " + pom.body());
            }
        }
        // The release module's own pom names the build's SNAPSHOT parent, which no repository keeps.
        Path own = Path.of(System.getProperty("imio.plugins", "../plugins"), "courrier/release-1.0.0/pom.xml");
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + repository.httpPort + "/repository/maven/be/imio/platform/courrier/9.0.0/courrier-9.0.0.pom"))
                .PUT(HttpRequest.BodyPublishers.ofString(Files.readString(own).replace("<version>1.0.0</version>",
                        "<version>9.0.0</version>"))).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((PUBLISHER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"snapshot_in_pom\"") && refused.body().contains("imio-platform-plugins"),
                refused.body());
    }

    @Test
    void lettersSurviveTheUpdateTo110AndTheRollbackTo100() throws Exception {
        assertEquals("succeeded", operate("courrier", "enable", "{\"version\":\"1.0.0\"}").path("state").asText());

        LocalDate yesterday = LocalDate.now().minusDays(1);
        String date = yesterday.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> registered = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"entrant\","
                + "\"correspondent\":\"SPW Mobilité\",\"subject\":\"Subside <script>alert(1)</script>\",\"date\":\""
                + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        String reference = JSON.readTree(registered.body()).path("reference").asText();
        assertEquals(yesterday.getYear() + "-0001", reference, "the first letter of the year");

        HttpResponse<String> invalid = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"latéral\","
                + "\"correspondent\":\"X\",\"subject\":\"Y\",\"date\":\"31/02/2026\",\"service\":\"Z\"}");
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertEquals(Set.of("direction", "date"), fieldsOf(JSON.readTree(invalid.body()).path("fields")),
                "each wrong field is named: " + invalid.body());
        HttpResponse<String> byViewer = host.post("/modules/courrier/api/mails", "{}", "application/json",
                "agent:" + VIEWER_PASSWORD);
        assertEquals(403, byViewer.statusCode(), "a viewer reads but does not register: " + byViewer.body());
        assertEquals(200, host.get("/modules/courrier/api/mails", "agent:" + VIEWER_PASSWORD).statusCode());

        assertEquals(200, host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/status",
                "{\"status\":\"attribue\"}").statusCode());
        String page = host.getAsAdmin("/modules/courrier/").body();
        assertTrue(page.contains("Subside &lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>"),
                "the staff page shows what was typed as text: " + page);
        assertTrue(page.contains("<html lang=\"fr\">") && page.contains("Registre du courrier") && page.contains("entrant"),
                "the page is in French by default: " + page);
        // What the catalogue says of a module, published (and pinned in signed targets) with its release, in German too.
        JsonNode about = JSON.readTree(repository.get("/repository/maven/be/imio/platform/courrier/1.0.0/courrier-1.0.0-about.json",
                null).body()).path("about");
        assertEquals("Postregister", about.path("title").path("de").asText(), "German catalogue texts: " + about);
        assertEquals("Sekretariat", about.path("category").path("de").asText(), about.toString());
        assertTrue(about.path("notes").path("de").asText().startsWith("Erste Version."), about.toString());
        String english = host.getAsAdmin("/modules/courrier/?lang=en").body();
        assertTrue(english.contains("<html lang=\"en\">") && english.contains("Mail registry")
                && english.contains("incoming") && english.contains("assigned"), "and in English on request: " + english);
        assertEquals(404, host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/due", "{\"dueOn\":\"01/01/2026\"}")
                .statusCode(), "1.0.0 has no due dates");

        assertEquals("succeeded", operate("courrier", "update", "{\"version\":\"1.1.0\"}").path("state").asText());
        JsonNode kept = JSON.readTree(host.getAsAdmin("/modules/courrier/api/mails/" + reference).body());
        assertEquals("attribue", kept.path("status").asText(), "1.1.0 reads the letter registered by 1.0.0: " + kept);
        JsonNode german = JSON.readTree(host.getAsAdmin("/modules/courrier/api/mails/" + reference + "?lang=de").body());
        assertEquals("zugewiesen", german.path("statusText").asText(), "the status in the reader's language: " + german);
        assertEquals("attribué / assigned", german.path("statusLabel").asText(), "and as 1.0.0 gave it, for programs");
        HttpResponse<String> tooEarly = host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/due",
                "{\"dueOn\":\"" + yesterday.minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + "\"}");
        assertEquals(400, tooEarly.statusCode(), "a due date before the letter's own date: " + tooEarly.body());
        assertTrue(JSON.readTree(tooEarly.body()).path("fields").has("dueOn"), tooEarly.body());
        // Due the day it was written, yesterday: late today.
        String due = yesterday.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> dueSet = host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/due",
                "{\"dueOn\":\"" + due + "\"}");
        assertEquals(200, dueSet.statusCode(), "1.1.0 sets due dates: " + dueSet.body());
        String overdue = host.getAsAdmin("/modules/courrier/api/overdue").body();
        assertTrue(overdue.contains(reference), "a letter past its due date is listed as late: " + overdue);

        JsonNode rollback = operate("courrier", "rollback", "{}");
        assertEquals("succeeded", rollback.path("state").asText(), rollback.toString());
        assertEquals("1.0.0", rollback.path("toVersion").asText());
        JsonNode afterRollback = JSON.readTree(host.getAsAdmin("/modules/courrier/api/mails/" + reference).body());
        assertEquals("SPW Mobilité", afterRollback.path("correspondent").asText(),
                "1.0.0 still reads its letter after the rollback: " + afterRollback);
        assertFalse(afterRollback.has("dueOn"), "1.0.0 knows nothing of due dates");
        HttpResponse<String> second = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"sortant\","
                + "\"correspondent\":\"Citoyen\",\"subject\":\"Réponse\",\"date\":\"" + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, second.statusCode(), "1.0.0 writes on the newer schema: " + second.body());
        assertEquals(yesterday.getYear() + "-0002", JSON.readTree(second.body()).path("reference").asText());
    }

    @Test
    void theAgendaAndItsDecisionsSurviveTheUpdateTo110AndTheRollbackTo100() throws Exception {
        assertEquals("succeeded", operate("conseil", "enable", "{\"version\":\"1.0.0\"}").path("state").asText());
        // Sitting since midnight: on the citizens' agenda of today, and its decisions public.
        String when = LocalDate.now(java.time.ZoneId.of("Europe/Brussels")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                + " 00:00";
        HttpResponse<String> planned = host.postAsAdmin("/modules/conseil/api/meetings", "{\"title\":\"Conseil communal"
                + " de décembre\",\"heldAt\":\"" + when + "\",\"place\":\"Salle du conseil, Hôtel de ville\"}");
        assertEquals(201, planned.statusCode(), planned.body());
        long meeting = JSON.readTree(planned.body()).path("id").asLong();
        String items = "/modules/conseil/api/meetings/" + meeting + "/items";
        assertEquals(201, host.postAsAdmin(items, "{\"title\":\"Budget 2027\"}").statusCode());
        assertEquals(201, host.postAsAdmin(items, "{\"title\":\"Personnel : nomination\",\"public\":false}").statusCode());
        // A program's "public" that is not true or false is refused: never read as public.
        for (String open : List.of("0", "null", "\"false\"", "\"no\"", "1", "\"true\"")) {
            HttpResponse<String> refused = host.postAsAdmin(items, "{\"title\":\"Huis clos\",\"public\":" + open + "}");
            assertEquals(400, refused.statusCode(), open + ": " + refused.body());
            assertTrue(JSON.readTree(refused.body()).path("fields").has("public"), refused.body());
        }
        JsonNode agenda = JSON.readTree(host.postAsAdmin(items, "{\"title\":\"Approbation du PV <b>\"}").body());
        long pv = agenda.path("agenda").path(2).path("id").asLong();
        JsonNode moved = JSON.readTree(host.postAsAdmin(items + "/" + pv + "/move", "{\"position\":1}").body());
        assertEquals("Approbation du PV <b>", moved.path("agenda").path(0).path("title").asText(),
                "the minutes come first once moved: " + moved);
        assertEquals(400, host.postAsAdmin(items + "/" + pv + "/move", "{\"position\":9}").statusCode(),
                "a position past the end is refused");
        long budget = moved.path("agenda").path(1).path("id").asLong();
        assertEquals(200, host.postAsAdmin(items + "/" + budget + "/decision", "{\"decision\":\"Approuvé\"}").statusCode());

        // A decision taken on a meeting still to come is a draft: citizens do not see it yet.
        String later = LocalDate.now().plusDays(20).format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + " 20:00";
        long next = JSON.readTree(host.postAsAdmin("/modules/conseil/api/meetings", "{\"title\":\"Conseil de janvier\","
                + "\"heldAt\":\"" + later + "\",\"place\":\"Salle du conseil\"}").body()).path("id").asLong();
        long draft = JSON.readTree(host.postAsAdmin("/modules/conseil/api/meetings/" + next + "/items",
                "{\"title\":\"Règlement du cimetière\"}").body()).path("agenda").path(0).path("id").asLong();
        assertEquals(200, host.postAsAdmin("/modules/conseil/api/meetings/" + next + "/items/" + draft + "/decision",
                "{\"decision\":\"Projet de délibération\"}").statusCode());
        assertFalse(host.get("/modules/conseil/public/decisions", null).body().contains("Projet de délibération"),
                "a decision of a meeting to come is not published");

        HttpResponse<String> page = host.get("/modules/conseil/public/", null);
        assertEquals(200, page.statusCode(), "citizens read the agenda without logging in");
        assertTrue(page.body().indexOf("Approbation du PV &lt;b&gt;") < page.body().indexOf("Budget 2027")
                && page.body().indexOf("Approbation du PV &lt;b&gt;") > 0, "public items in order, escaped: " + page.body());
        assertFalse(page.body().contains("nomination"), "a closed-door item is not shown to citizens");
        assertEquals(401, host.get("/modules/conseil/api/meetings", null).statusCode(), "the staff API needs a log-in");
        // Where the console's menu entry leads: staff's page, in the reader's language.
        HttpResponse<String> staff = host.get("/modules/conseil/?lang=de", "admin:" + host.adminPassword());
        assertEquals(200, staff.statusCode(), staff.body());
        assertTrue(staff.body().contains("<h1>Ratssitzungen</h1>") && staff.body().contains("Conseil communal de décembre")
                && staff.body().contains("2 öffentlich, 1 nichtöffentlich"), staff.body());
        assertEquals(401, host.get("/modules/conseil/", null).statusCode(), "staff's page needs a log-in");

        assertEquals("succeeded", operate("conseil", "update", "{\"version\":\"1.1.0\"}").path("state").asText());
        HttpResponse<String> vote = host.postAsAdmin(items + "/" + budget + "/vote",
                "{\"for\":15,\"against\":3,\"abstained\":1}");
        assertEquals(200, vote.statusCode(), "1.1.0 records votes: " + vote.body());
        String decisions = host.get("/modules/conseil/public/decisions", null).body();
        assertTrue(decisions.contains("Budget 2027") && decisions.contains("<td>15</td>"),
                "citizens see the decision with its votes: " + decisions);
        assertEquals(2, JSON.readTree(host.getAsAdmin("/modules/conseil/api/meetings/" + meeting).body())
                .path("agenda").path(1).path("position").asInt(), "the agenda kept its order through the update");

        assertEquals("succeeded", operate("conseil", "rollback", "{}").path("state").asText());
        JsonNode after = JSON.readTree(host.getAsAdmin("/modules/conseil/api/meetings/" + meeting).body());
        assertEquals("Approuvé", after.path("agenda").path(1).path("decision").asText(),
                "1.0.0 still reads the decision after the rollback: " + after);
        HttpResponse<String> plain = host.get("/modules/conseil/public/decisions", null);
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("Approuvé") && !plain.body().contains("<td>15</td>"),
                "1.0.0's public decisions show the decision, without the votes it does not know: " + plain.body());
    }

    @Test
    void bookingsSurviveTheUpdateTo110AndTheRollbackTo100() throws Exception {
        assertEquals("succeeded", operate("salles", "enable", "{\"version\":\"1.0.0\"}").path("state").asText());
        HttpResponse<String> hall = host.postAsAdmin("/modules/salles/api/rooms",
                "{\"name\":\"Salle des fêtes\",\"capacity\":200,\"location\":\"Rue de la Station 1\"}");
        assertEquals(201, hall.statusCode(), hall.body());
        long hallId = JSON.readTree(hall.body()).path("id").asLong();
        assertEquals(201, host.postAsAdmin("/modules/salles/api/rooms",
                "{\"name\":\"Salle du conseil\",\"capacity\":40,\"location\":\"Hôtel de ville\"}").statusCode());
        assertEquals(400, host.postAsAdmin("/modules/salles/api/rooms",
                "{\"name\":\"salle des fêtes\",\"capacity\":10,\"location\":\"X\"}").statusCode(), "names are unique");

        LocalDate day = LocalDate.now().plusDays(7);
        String date = day.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        String evening = booking(hallId, date + " 18:00", date + " 22:00", "Souper <du> club");
        assertEquals(201, host.postAsAdmin("/modules/salles/api/bookings", evening).statusCode());
        HttpResponse<String> clash = host.postAsAdmin("/modules/salles/api/bookings",
                booking(hallId, date + " 20:00", date + " 23:00", "Répétition"));
        assertEquals(409, clash.statusCode(), "an overlapping booking is refused: " + clash.body());
        assertTrue(clash.body().contains("18:00"), "the refusal says which booking holds the slot: " + clash.body());
        assertEquals(201, host.postAsAdmin("/modules/salles/api/bookings",
                booking(hallId, date + " 22:00", date + " 23:00", "Rangement")).statusCode(), "back to back is fine");
        String yesterday = LocalDate.now().minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> past = host.postAsAdmin("/modules/salles/api/bookings",
                booking(hallId, yesterday + " 10:00", yesterday + " 11:00", "Trop tard"));
        assertEquals(400, past.statusCode(), past.body());
        assertTrue(JSON.readTree(past.body()).path("fields").has("startsAt"), past.body());
        assertEquals(2, week(date).size(), "the week holds the two bookings");
        HttpResponse<String> early = host.postAsAdmin("/modules/salles/api/bookings",
                booking(hallId, date + " 06:00", date + " 07:00", "Marché matinal"));
        assertEquals(400, early.statusCode(), "before the opening hours: " + early.body());
        assertTrue(early.body().contains("07:00"), "the refusal gives the opening hours: " + early.body());
        // The commune opens earlier: its setting, a plain Karaf configuration file, applies at once.
        Files.writeString(host.dir.resolve("etc/be.imio.platform.salles.cfg"), "opens = 06:00\ncloses = 23:00\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = early.statusCode();
        while (status != 201 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = host.postAsAdmin("/modules/salles/api/bookings",
                    booking(hallId, date + " 06:00", date + " 07:00", "Marché matinal")).statusCode();
        }
        assertEquals(201, status, "after the commune set its opening to 06:00");
        HttpResponse<String> cancelled = host.postAsAdmin("/modules/salles/api/bookings/"
                + week(date).path(0).path("id").asLong() + "/cancel", "{}");
        assertEquals(200, cancelled.statusCode(), "the early booking is cancelled: " + cancelled.body());
        assertEquals(2, week(date).size(), "the week holds the two bookings again");
        String page = host.getAsAdmin("/modules/salles/?date=" + date).body();
        assertTrue(page.contains("Souper &lt;du&gt; club"), "the week view shows the booking, escaped: " + page);

        assertEquals("succeeded", operate("salles", "update", "{\"version\":\"1.1.0\"}").path("state").asText());
        assertEquals(2, week(date).size(), "1.1.0 reads the bookings made with 1.0.0");
        assertEquals(200, host.postAsAdmin("/modules/salles/api/rooms/" + hallId + "/equipment",
                "{\"equipment\":[\"projecteur\",\"accès PMR\"]}").statusCode());
        String slot = "startsAt=" + date.replace("/", "%2F") + "%2019:00&endsAt=" + date.replace("/", "%2F") + "%2020:00";
        JsonNode busy = JSON.readTree(host.getAsAdmin("/modules/salles/api/available?" + slot + "&capacity=30&equipment=projecteur").body());
        assertEquals(0, busy.path("rooms").size(), "the hall is booked then and the council room has no projector: " + busy);
        String noon = "startsAt=" + date.replace("/", "%2F") + "%2012:00&endsAt=" + date.replace("/", "%2F") + "%2013:00";
        JsonNode free = JSON.readTree(host.getAsAdmin("/modules/salles/api/available?" + noon + "&capacity=30&equipment=projecteur").body());
        assertEquals("Salle des fêtes", free.path("rooms").path(0).path("name").asText(), "free at noon: " + free);

        assertEquals("succeeded", operate("salles", "rollback", "{}").path("state").asText());
        assertEquals(2, week(date).size(), "1.0.0 still reads the bookings after the rollback");
        assertEquals(201, host.postAsAdmin("/modules/salles/api/bookings",
                booking(hallId, date + " 08:00", date + " 09:00", "Nettoyage")).statusCode(), "1.0.0 books on the newer schema");
        assertEquals(404, host.getAsAdmin("/modules/salles/api/available?" + noon).statusCode(), "1.0.0 has no search by equipment");
    }

    private static String booking(long room, String starts, String ends, String purpose) {
        return "{\"room\":" + room + ",\"startsAt\":\"" + starts + "\",\"endsAt\":\"" + ends + "\",\"purpose\":\""
                + purpose + "\",\"bookedFor\":\"Comité des fêtes\"}";
    }

    private static JsonNode week(String date) throws Exception {
        HttpResponse<String> week = host.getAsAdmin("/modules/salles/api/week?date=" + date.replace("/", "%2F"));
        assertEquals(200, week.statusCode(), week.body());
        return JSON.readTree(week.body()).path("bookings");
    }

    /** Releases a built release of a solution to the repository, as {@code mvn deploy} would: jar, pom, features. */
    /** Runs an operation on a module and waits for its end. */
    private static JsonNode operate(String module, String action, String body) throws Exception {
        HttpResponse<String> queued = host.postAsAdmin("/api/host/modules/" + module + "/" + action, body);
        assertEquals(202, queued.statusCode(), action + ": " + queued.body());
        long id = JSON.readTree(queued.body()).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode operation = JSON.readTree(host.getAsAdmin("/api/host/operations/" + id).body());
            if (!Set.of("queued", "running").contains(operation.path("state").asText())) {
                return operation;
            }
            Thread.sleep(200);
        }
        return fail("operation " + id + " did not end");
    }

    private static Set<String> fieldsOf(JsonNode fields) {
        Set<String> names = new java.util.TreeSet<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
