package be.imio.platform.web.internal;

import java.io.IOException;
import java.io.OutputStream;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.web.metrics.PlatformMetrics;
import be.imio.platform.web.whiteboard.LiveContext;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * {@code GET /metrics}: the instance's metrics, in the format the scraper's {@code Accept} asks
 * (OpenMetrics 1.0 text, or Prometheus text 0.0.4 by default), as Prometheus' Java client writes
 * them. Who may read it is {@link MetricsAccess}'s decision, taken by the context.
 */
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardServletName("imio.metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformMetrics metrics;
    private final transient ExpositionFormats formats = ExpositionFormats.init();

    @Activate
    public MetricsServlet(@Reference PlatformMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(request.getHeader("Accept"));
        if (writer.getClass().getSimpleName().contains("Protobuf")) {
            writer = formats.getPrometheusTextFormatWriter();
        }
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            writer.write(out, metrics.registry().scrape());
        }
    }
}
