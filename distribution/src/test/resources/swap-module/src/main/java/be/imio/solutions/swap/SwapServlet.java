package be.imio.solutions.swap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Supplier;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

import be.imio.platform.api.WebContexts;

/**
 * The test module's pages, under {@code /modules/swap}: {@code GET public/version} (open to
 * anyone) names the running version; {@code GET notes} lists the notes every version wrote and
 * {@code POST notes} with {@code {"text": "..."}} adds one (admin, JSON body, as the platform asks
 * of every state change).
 */
final class SwapServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TEXT = 200;
    private static final int MAX_BODY_BYTES = 4096;

    private final String version;
    private final transient Supplier<DataSource> dataSource;

    SwapServlet(String version, Supplier<DataSource> dataSource) {
        this.version = version;
        this.dataSource = dataSource;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/public/version")) {
            send(response, 200, "text/plain", "swap " + version);
        } else if (path.equals("/public/slow")) {
            // A page that takes two seconds, then needs a class and a resource of its bundle.
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(response, 200, "text/plain", SlowAnswer.of(version));
        } else if (path.equals("/notes")) {
            listNotes(response);
        } else {
            sendError(response, 404, "not_found", "page inconnue / unknown page");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!path.equals("/notes")) {
            sendError(response, 404, "not_found", "page inconnue / unknown page");
            return;
        }
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof Collection<?> held) || !held.contains(WebContexts.ADMIN)) {
            sendError(response, 403, "forbidden", "réservé aux administrateurs / administrators only");
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType();
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            sendError(response, 415, "unsupported_media_type", "corps JSON attendu / JSON body expected");
            return;
        }
        String text;
        try {
            text = MiniJson.stringMember(readBody(request), "text");
        } catch (IllegalArgumentException e) {
            sendError(response, 400, "bad_request", "attendu {\"text\": \"...\"} / expected {\"text\": \"...\"}");
            return;
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            sendError(response, 400, "bad_text", "texte de 1 à " + MAX_TEXT + " caractères / text of 1 to "
                    + MAX_TEXT + " characters");
            return;
        }
        DataSource database = dataSource.get();
        if (database == null) {
            unavailable(response);
            return;
        }
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO SWAP_NOTE (TEXT, WRITTEN_BY) VALUES (?, ?)")) {
            insert.setString(1, text);
            insert.setString(2, version);
            insert.executeUpdate();
        } catch (SQLException e) {
            log("swap " + version + ": cannot write a note", e);
            unavailable(response);
            return;
        }
        send(response, 201, "application/json", "{\"version\":" + MiniJson.quote(version) + ",\"note\":{\"text\":"
                + MiniJson.quote(text) + ",\"writtenBy\":" + MiniJson.quote(version) + "}}");
    }

    private void listNotes(HttpServletResponse response) throws IOException {
        DataSource database = dataSource.get();
        if (database == null) {
            unavailable(response);
            return;
        }
        StringBuilder json = new StringBuilder("{\"version\":").append(MiniJson.quote(version)).append(",\"notes\":[");
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT TEXT, WRITTEN_BY FROM SWAP_NOTE ORDER BY ID");
                ResultSet rows = select.executeQuery()) {
            boolean first = true;
            while (rows.next()) {
                json.append(first ? "" : ",").append("{\"text\":").append(MiniJson.quote(rows.getString(1)))
                        .append(",\"writtenBy\":").append(MiniJson.quote(rows.getString(2))).append('}');
                first = false;
            }
        } catch (SQLException e) {
            log("swap " + version + ": cannot read the notes", e);
            unavailable(response);
            return;
        }
        send(response, 200, "application/json", json.append("]}").toString());
    }

    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("body too large");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        sendError(response, 503, "unavailable", "base de données indisponible / database unavailable");
    }

    private static void sendError(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        send(response, status, "application/json", "{\"error\":" + MiniJson.quote(code) + ",\"message\":"
                + MiniJson.quote(message) + "}");
    }

    private static void send(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type + ";charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
