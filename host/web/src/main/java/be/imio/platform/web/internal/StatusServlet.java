package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.Texts;
import be.imio.platform.api.web.Languages;
import be.imio.platform.web.whiteboard.LiveContext;

/** {@code GET /api/status}: who this instance is and how healthy it is, for logged-in staff. */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + ApiContext.NAME + ")"))
@HttpWhiteboardServletName("imio.status")
@HttpWhiteboardServletPattern("/status")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + ApiContext.NAME + ")")
public final class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformInstance instance;
    private final transient HealthChecks checks;

    @Activate
    public StatusServlet(@Reference PlatformInstance instance, @Reference HealthChecks checks) {
        this.instance = instance;
        this.checks = checks;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<HealthChecks.Result> results = checks.runAll();
        String checkList = results.stream()
                .map(r -> "{\"module\":" + Text.json(r.module()) + ",\"state\":" + Text.json(r.status().state().name())
                        + ",\"message\":" + Text.json(Languages.words(request, r.status()::message))
                        + ",\"message_en\":" + Text.json(r.status().message(Texts.ENGLISH)) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"id\":" + Text.json(instance.id())
                + ",\"role\":" + Text.json(instance.role().id())
                + ",\"displayName\":" + Text.json(instance.displayName())
                + ",\"version\":" + Text.json(instance.platformVersion())
                + ",\"lastUpgrade\":" + upgrade(instance.lastUpgrade())
                + ",\"firstStarted\":" + Text.json(instance.firstStarted().toString())
                + ",\"startCount\":" + instance.startCount()
                + ",\"user\":" + Text.json(String.valueOf(request.getRemoteUser()))
                + ",\"health\":" + Text.json(HealthChecks.overall(results).state().name())
                + ",\"checks\":" + checkList + "}\n");
    }

    /** {@code {"from": "0.1.0", "to": "0.2.0", "completedAt": "...Z", "backup": "..."}}, or null. */
    private static String upgrade(PlatformInstance.Upgrade upgrade) {
        return upgrade == null ? "null" : "{\"from\":" + Text.json(upgrade.fromVersion()) + ",\"to\":"
                + Text.json(upgrade.toVersion()) + ",\"completedAt\":" + Text.json(upgrade.completedAt().toString())
                + ",\"backup\":" + Text.json(upgrade.backup()) + "}";
    }
}
