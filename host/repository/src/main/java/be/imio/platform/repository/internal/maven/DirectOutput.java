package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import javax.servlet.ServletOutputStream;

import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends a cached file from direct memory through Jetty's own output, which hands the buffer to
 * the socket as it is; a plain servlet write copies the bytes into a direct buffer first, which
 * for released artifacts of hundreds of kilobytes is most of the cost of a request. A large file
 * goes from its channel through one pooled buffer of the container's, so it is never whole in memory.
 */
public final class DirectOutput {

    private static final boolean JETTY = jettyPresent();

    private DirectOutput() {
    }

    /** True when sent; false when the container is not Jetty (the caller writes the bytes). */
    public static boolean send(ServletOutputStream out, ByteBuffer content) throws IOException {
        if (JETTY && out instanceof HttpOutput jetty) {
            jetty.sendContent(content.duplicate());
            return true;
        }
        return false;
    }

    /** True when sent (the channel read to its end); false when the container is not Jetty. */
    public static boolean send(ServletOutputStream out, ReadableByteChannel content) throws IOException {
        if (JETTY && out instanceof HttpOutput jetty) {
            jetty.sendContent(content);
            return true;
        }
        return false;
    }

    private static boolean jettyPresent() {
        try {
            // Imported optionally: absent when the bundle runs in another container.
            Class.forName("org.eclipse.jetty.server.HttpOutput", false, DirectOutput.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
