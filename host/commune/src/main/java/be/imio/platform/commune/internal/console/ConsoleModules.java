package be.imio.platform.commune.internal.console;

import static be.imio.platform.commune.internal.console.ConsoleView.esc;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.ModuleStatus;
import be.imio.platform.commune.api.OfferedRelease;

/**
 * The modules this host runs, and every change to them: a link opens a page that says exactly
 * what will change (the plan), and only its confirmation (a POST) queues the operation.
 */
public final class ConsoleModules {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleModules.class);
    private static final Map<String, Operation.Action> ACTIONS = Map.of("enable", Operation.Action.ENABLE,
            "update", Operation.Action.UPDATE, "disable", Operation.Action.DISABLE, "rollback", Operation.Action.ROLLBACK,
            "pin", Operation.Action.PIN, "unpin", Operation.Action.UNPIN);

    private ConsoleModules() {
    }

    static Operation.Action action(String id) {
        return ACTIONS.get(id);
    }

    static void list(ConsoleHost host, ConsoleView view) throws IOException, Refusal {
        List<ModuleStatus> modules = host.modules().modules();
        StringBuilder main = new StringBuilder();
        if (modules.isEmpty()) {
            main.append("<p>").append(view.h("modules.no-module-was-enabled-yet")).append("<a href=\"/console/catalogue\">").append(view.h("modules.catalogue"))
                    .append("</a>.</p>");
        } else {
            main.append("<table id=\"my-modules\"><thead><tr><th scope=\"col\">").append(view.h("modules.module"))
                    .append("</th><th scope=\"col\">").append(view.h("catalogue.version")).append("</th><th scope=\"col\">")
                    .append(view.h("modules.health")).append("</th><th scope=\"col\">")
                    .append(view.h("modules.updates")).append("</th>")
                    .append(view.admin ? "<th scope=\"col\">" + view.h("modules.actions") + "</th>" : "")
                    .append("</tr></thead><tbody>");
            for (ModuleStatus module : modules) {
                row(host, view, module, main);
            }
            main.append("</tbody></table>");
        }
        host.page(view, 200, view.t("modules.my-modules"), "/modules", main.toString());
    }

    private static void row(ConsoleHost host, ConsoleView view, ModuleStatus status, StringBuilder main) {
        InstalledModule module = status.module();
        // Links name the module as its short name resolves on this host (its own), else GROUP:ARTIFACT.
        String name = esc(host.modules().reference(module.id()));
        Optional<String> newer = Optional.ofNullable(status.updateAvailable());
        main.append("<tr data-module=\"").append(esc(module.name())).append("\" data-group=\"")
                .append(esc(module.groupId())).append("\"><th scope=\"row\"><a href=\"/console/catalogue/")
                .append(name).append("\">").append(esc(host.title(view, module.id()))).append("</a><br><span class=\"muted"
                        + " publisher\">").append(esc(module.groupId())).append("</span></th>")
                .append("<td class=\"version\">").append(module.enabled() ? esc(module.version())
                        : view.h("modules.disabled")).append("</td>");
        if (module.enabled()) {
            HealthStatus health = status.health();
            main.append("<td class=\"health\" data-state=\"").append(health.state().name()).append("\"><span class=\"state\""
                    + " data-state=\"").append(health.state().name()).append("\">")
                    .append(ConsoleText.health(view, health.state())).append("</span> ")
                    .append(esc(health.message(view.language))).append("</td>");
        } else {
            main.append("<td class=\"health\">—</td>");
        }
        UpdatePolicy policy = status.policy();
        main.append("<td class=\"policy\">").append(view.h("modules.policy"))
                .append(esc(ConsoleText.policy(view, policy)))
                .append(module.pinnedVersion() != null ? "<br>" + view.h("modules.pinned-to")
                        + esc(module.pinnedVersion()) : "")
                .append(newer.map(v -> "<br><strong>" + view.h("modules.new-version") + esc(v)
                        + "</strong>").orElse(""));
        for (FailedRelease failed : status.failedReleases()) {
            String text = failed.message().in(view.language);
            main.append("<p class=\"failed-release\" data-version=\"").append(esc(failed.version()))
                    .append("\"><span class=\"state\" data-state=\"rolled_back\">").append(esc(text))
                    .append("</span> <a href=\"/console/operations/").append(failed.operation()).append("\">")
                    .append(view.h("modules.see-the-operation")).append("</a></p>");
        }
        main.append("</td>");
        if (view.admin) {
            main.append("<td><div class=\"actions\">");
            String base = "/console/modules/" + name + "/";
            if (!module.enabled()) {
                link(main, "enable", base + "enable", view.h("modules.enable-again"));
            } else {
                newer.ifPresent(v -> link(main, "update", base + "update?version=" + esc(v),
                        view.h("modules.update-to") + esc(v)));
                if (module.previousVersion() != null) {
                    link(main, "rollback", base + "rollback", view.h("modules.roll-back-to")
                            + esc(module.previousVersion()));
                }
                if (module.pinnedVersion() == null) {
                    link(main, "pin", base + "pin?version=" + esc(module.version()), view.h("modules.pin")
                            + esc(module.version()));
                }
                link(main, "disable", base + "disable", view.h("modules.disable"));
                versionChoice(host, view, module, main);
            }
            if (module.pinnedVersion() != null) {
                link(main, "unpin", base + "unpin", view.h("modules.unpin"));
            }
            main.append("</div></td>");
        }
        main.append("</tr>");
    }

    /** Any other installable version, chosen from a list: the form only opens the confirmation page. */
    private static void versionChoice(ConsoleHost host, ConsoleView view, InstalledModule module, StringBuilder main) {
        List<String> others = host.catalogue().module(module.id()).map(CatalogueModule::releases).orElse(List.of())
                .stream().filter(OfferedRelease::installable).map(OfferedRelease::version)
                .filter(v -> !v.equals(module.version())).toList();
        if (others.isEmpty() || module.pinnedVersion() != null) {
            return;
        }
        String id = "version-" + esc(module.name());
        main.append("<form class=\"action version-choice\" method=\"get\" action=\"/console/modules/")
                .append(esc(host.modules().reference(module.id()))).append("/update\"><label for=\"").append(id).append("\">")
                .append(view.h("modules.other-version")).append("</label><select id=\"").append(id)
                .append("\" name=\"version\">");
        others.forEach(v -> main.append("<option>").append(esc(v)).append("</option>"));
        main.append("</select> <button type=\"submit\" class=\"secondary\">").append(view.h("modules.choose"))
                .append("</button></form>");
    }

    private static void link(StringBuilder main, String action, String href, String label) {
        main.append("<a class=\"action action-").append(action).append(" button secondary\" href=\"").append(href)
                .append("\">").append(label).append("</a>");
    }

    /** The confirmation page: what will change, then one button. Changes nothing. */
    static void confirm(ConsoleHost host, ConsoleView view, String module, Operation.Action action)
            throws IOException {
        String version = version(view);
        String title = ConsoleText.action(view, action) + view.t("modules.punctuation") + host.title(view, module)
                + (version == null ? "" : " " + version);
        if (!view.admin) {
            host.problem(view, 403, "problem.this-account-may-read-but");
            return;
        }
        be.imio.platform.commune.api.ModuleChanges plan;
        try {
            plan = host.modules().preview(action, module, version);
        } catch (Refusal refused) {
            refuse(host, view, title, refused.status(), refused.message(view.language));
            return;
        }
        StringBuilder main = new StringBuilder();
        main.append("<section id=\"plan\" class=\"plan\"><h2>").append(view.h("modules.what-will-change"))
                .append("</h2><p>").append(view.h("modules.modules-keep-running-during-the")).append("</p>");
        list(main, view, "plan-added", view.h("modules.added"), plan.added());
        list(main, view, "plan-updated", view.h("modules.updated"), plan.updated());
        list(main, view, "plan-refreshed", view.h("modules.refreshed-briefly-restarted"),
                plan.refreshed());
        list(main, view, "plan-removed", view.h("modules.removed"), plan.removed());
        if (action == Operation.Action.DISABLE) {
            main.append("<p>").append(view.h("modules.the-module-s-data-is")).append("</p>");
        }
        main.append("</section><form id=\"confirm-form\" method=\"post\" action=\"/console/modules/").append(esc(module))
                .append('/').append(action.id()).append("\">").append(view.csrfField())
                .append(version == null ? "" : "<input type=\"hidden\" name=\"version\" value=\"" + esc(version) + "\">")
                .append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">").append(view.h("modules.confirm"))
                .append("</button><a class=\"button secondary\" href=\"/console/modules\">").append(view.h("modules.cancel"))
                .append("</a></div></form>");
        host.page(view, 200, title, "/modules", main.toString());
    }

    private static void list(StringBuilder main, ConsoleView view, String id, String label, List<String> items) {
        main.append("<h3>").append(label).append("</h3><ul id=\"").append(id).append("\">");
        if (items.isEmpty()) {
            main.append("<li class=\"muted\">").append(view.h("modules.none")).append("</li>");
        }
        items.forEach(item -> main.append("<li>").append(esc(item)).append("</li>"));
        main.append("</ul>");
    }

    /** The confirmation: queues the operation and shows its progress. */
    static void submit(ConsoleHost host, ConsoleView view, String module, Operation.Action action)
            throws IOException {
        try {
            Operation operation = host.modules().request(action, module, version(view), view.user,
                    (String) view.request.getAttribute(WebContexts.CLIENT_ADDRESS));
            view.seeOther("/console/operations/" + operation.id());
        } catch (Refusal refused) {
            LOG.info("Console {} of {} by {} refused: {}", action.id(), module, view.user, refused.getMessage());
            refuse(host, view, ConsoleText.action(view, action) + view.t("modules.punctuation") + host.title(view, module),
                    refused.status(), refused.message(view.language));
        }
    }

    private static void refuse(ConsoleHost host, ConsoleView view, String title, int status, String reason)
            throws IOException {
        host.page(view, status, title, "/modules", "<p class=\"error\" role=\"alert\">" + view.h("modules.this-operation-is-not-possible") + esc(reason)
                + "</p><p>" + view.h("modules.nothing-was-changed") + "</p><p><a href=\"/console/modules\">"
                + view.h("modules.back-to-my-modules") + "</a></p>");
    }

    private static String version(ConsoleView view) {
        String version = view.request.getParameter("version");
        return version == null || version.isBlank() || !version.matches("[A-Za-z0-9_.-]{1,100}") ? null : version;
    }
}
