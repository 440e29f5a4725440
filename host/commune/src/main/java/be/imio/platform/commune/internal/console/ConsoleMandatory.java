package be.imio.platform.commune.internal.console;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.api.MandatoryUpdate;
import be.imio.platform.commune.api.Refusal;

/**
 * The mandatory updates iMio requires of this host: a section of the dashboard (each with its
 * deadline and iMio's reason, its deferral if any, and what the host will do), and the form with
 * which an administrator defers one, once, with a reason and a new date
 * ({@code /console/mandatory/MODULE}).
 */
final class ConsoleMandatory {

    /** What a browser's date and time field sends and shows: Brussels time. */
    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private ConsoleMandatory() {
    }

    /** The dashboard's section; nothing when no update is required. */
    static void section(ConsoleHost host, ConsoleView view, List<MandatoryUpdate> pending, StringBuilder main) {
        if (pending.isEmpty()) {
            return;
        }
        main.append("<section id=\"mandatory\"><h2>").append(view.h("mandatory.title")).append("</h2><ul>");
        for (MandatoryUpdate update : pending) {
            String reference = host.modules().reference(update.module());
            main.append("<li data-module=\"").append(ConsoleView.esc(update.module().name())).append("\" data-version=\"")
                    .append(ConsoleView.esc(update.version())).append("\"><p><strong>")
                    .append(ConsoleView.esc(host.title(view, update.module()))).append(' ')
                    .append(ConsoleView.esc(update.runs())).append(" → ").append(ConsoleView.esc(update.version()))
                    .append("</strong> ").append(view.h("mandatory.required-by", view.dateTime(update.requiredBy())))
                    .append("</p><p>").append(view.h("mandatory.reason", update.reason())).append("</p>");
            if (update.deferral() != null) {
                main.append("<p class=\"notice\">").append(view.h("mandatory.deferred", view.dateTime(update.deferral().until()),
                        update.deferral().by(), update.deferral().reason())).append("</p>");
            }
            main.append("<p>").append(update.heldBy() != null ? view.h("mandatory.held." + update.heldBy())
                    : view.h("mandatory.applied-at", view.dateTime(update.due()))).append("</p>");
            if (view.admin && update.deferrable() && update.heldBy() == null) {
                main.append("<p><a class=\"button secondary\" href=\"/console/mandatory/").append(ConsoleView.esc(reference))
                        .append("\">").append(view.h("mandatory.defer")).append("</a></p>");
            }
            main.append("</li>");
        }
        main.append("</ul></section>");
    }

    /** The deferral form of the update pending for the module {@code reference} names. */
    static void form(ConsoleHost host, ConsoleView view, String reference) throws IOException, Refusal {
        form(host, view, reference, 200, Map.of(), Map.of(), "");
    }

    /** Defers it as the form asks; the form again, with what to correct next to each field, when refused. */
    static void defer(ConsoleHost host, ConsoleView view, String reference) throws IOException, Refusal {
        String until = field(view, "until");
        String reason = field(view, "reason");
        // The release the form showed: should iMio require a newer one meanwhile, this reason is not for it.
        String version = field(view, "version");
        Map<String, String> values = Map.of("until", until, "reason", reason);
        try {
            host.modules().defer(reference, version.isEmpty() ? null : version,
                    be.imio.platform.commune.internal.lifecycle.MandatoryUpdates.parseUntil(until), reason, view.user,
                    (String) view.request.getAttribute(WebContexts.CLIENT_ADDRESS));
        } catch (Refusal refused) {
            String field = switch (refused.code()) {
                case "bad_date" -> "until";
                case "bad_reason" -> "reason";
                default -> null;
            };
            if (field == null) {
                throw refused;
            }
            form(host, view, reference, 400, values, Map.of(field, refused.message(view.language)),
                    "<p class=\"error\" role=\"alert\">" + view.h("mandatory.not-deferred") + "</p>");
            return;
        }
        view.seeOther("/console/?deferred=" + java.net.URLEncoder.encode(reference, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String field(ConsoleView view, String name) {
        String value = view.request.getParameter(name);
        return value == null ? "" : value.strip();
    }

    private static MandatoryUpdate pending(ConsoleHost host, String reference) throws Refusal {
        var module = host.modules().resolve(reference);
        return host.modules().mandatoryUpdates().stream().filter(u -> u.module().equals(module)).findFirst()
                .orElseThrow(() -> new Refusal(409, "not_required", "refusal.not-required", module.name(), ""));
    }

    private static void form(ConsoleHost host, ConsoleView view, String reference, int status, Map<String, String> values,
            Map<String, String> errors, String notice) throws IOException, Refusal {
        MandatoryUpdate update = pending(host, reference);
        String title = host.title(view, update.module());
        StringBuilder main = new StringBuilder(notice);
        main.append("<p><strong>").append(ConsoleView.esc(title)).append(' ').append(ConsoleView.esc(update.runs()))
                .append(" → ").append(ConsoleView.esc(update.version())).append("</strong> ")
                .append(view.h("mandatory.required-by", view.dateTime(update.requiredBy()))).append("</p><p>")
                .append(view.h("mandatory.reason", update.reason())).append("</p>");
        if (!update.deferrable()) {
            main.append("<p class=\"error\" role=\"alert\">").append(update.deferral() != null
                    ? view.h("mandatory.already-deferred", view.dateTime(update.deferral().until()))
                    : view.h("mandatory.not-deferrable")).append("</p>");
            host.page(view, 409, view.t("mandatory.defer-title", title), "/", main.toString());
            return;
        }
        main.append("<p>").append(view.h("mandatory.once", view.dateTime(update.deferLimit()))).append("</p>");
        main.append("<form id=\"defer-form\" method=\"post\" action=\"/console/mandatory/")
                .append(ConsoleView.esc(reference)).append("\" novalidate>").append(view.csrfField())
                .append("<input type=\"hidden\" name=\"version\" value=\"").append(ConsoleView.esc(update.version()))
                .append("\">");
        // The first minute after the deadline: the deadline itself is no deferral.
        String min = FIELD.format(LocalDateTime.ofInstant(update.requiredBy().plusSeconds(60), BelgianFormats.BRUSSELS));
        String max = FIELD.format(LocalDateTime.ofInstant(update.deferLimit(), BelgianFormats.BRUSSELS));
        main.append("<div class=\"field\"><label for=\"until\">").append(view.h("mandatory.until")).append("</label>");
        String described = described(main, view, errors, "until", view.t("mandatory.until-hint")) ;
        main.append("<input type=\"datetime-local\" id=\"until\" name=\"until\" required min=\"").append(min)
                .append("\" max=\"").append(max).append("\" value=\"").append(ConsoleView.esc(values.getOrDefault("until", "")))
                .append('"').append(described).append(errors.containsKey("until") ? " aria-invalid=\"true\"" : "")
                .append("></div>");
        main.append("<div class=\"field\"><label for=\"reason\">").append(view.h("mandatory.why")).append("</label>");
        described = described(main, view, errors, "reason", view.t("mandatory.why-hint"));
        main.append("<textarea id=\"reason\" name=\"reason\" required maxlength=\"500\" rows=\"3\"").append(described)
                .append(errors.containsKey("reason") ? " aria-invalid=\"true\"" : "").append('>')
                .append(ConsoleView.esc(values.getOrDefault("reason", ""))).append("</textarea></div>");
        main.append("<p><button type=\"submit\" class=\"action\">").append(view.h("mandatory.defer-submit"))
                .append("</button> <a href=\"/console/\">").append(view.h("mandatory.cancel")).append("</a></p></form>");
        host.page(view, status, view.t("mandatory.defer-title", title), "/", main.toString());
    }

    /** Writes the field's hint and error before it; answers the aria-describedby attribute. */
    private static String described(StringBuilder main, ConsoleView view, Map<String, String> errors, String name,
            String hint) {
        main.append("<p class=\"muted hint\" id=\"").append(name).append("-hint\">").append(ConsoleView.esc(hint)).append("</p>");
        String ids = name + "-hint";
        if (errors.containsKey(name)) {
            main.append("<p class=\"error\" id=\"").append(name).append("-error\">").append(ConsoleView.esc(errors.get(name)))
                    .append("</p>");
            ids += " " + name + "-error";
        }
        return " aria-describedby=\"" + ids + "\"";
    }
}
