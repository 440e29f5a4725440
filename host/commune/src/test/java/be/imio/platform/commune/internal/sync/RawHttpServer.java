package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that writes whatever a test tells it to, byte by byte and at its own pace: a
 * mirror that stalls after its headers, or trickles its body. It keeps the request heads it read.
 */
final class RawHttpServer implements AutoCloseable {

    /** What to write back on one connection, given the request head. */
    interface Answer {
        void write(String requestHead, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawHttpServer(Answer answer) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread worker = new Thread(() -> serve(connection, answer), "raw-http");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket connection, Answer answer) {
        try (connection) {
            String head = readHead(connection.getInputStream());
            requests.add(head);
            // The body is read before answering: closing on unread bytes would reset the connection.
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (length.find()) {
                connection.getInputStream().readNBytes(Integer.parseInt(length.group(1)));
            }
            answer.write(head, connection.getOutputStream());
            connection.getOutputStream().flush();
        } catch (IOException | InterruptedException ignored) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int port() {
        return socket.getLocalPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
