package be.imio.platform.commune.internal.console;

import static be.imio.platform.commune.internal.console.ConsoleView.esc;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.ModuleStatus;
import be.imio.platform.commune.api.OfferedRelease;
import be.imio.platform.commune.api.Refusal;

/**
 * What iMio offers this host: the modules on its channel, searchable, and each module's page. Each
 * module shows who publishes it (its group and the publisher accounts the signed targets name):
 * two groups releasing the same short name are shown as two modules.
 */
public final class ConsoleCatalogue {

    private ConsoleCatalogue() {
    }

    static void list(ConsoleHost host, ConsoleView view) throws IOException {
        String query = limit(view.request.getParameter("q"));
        String category = limit(view.request.getParameter("category"));
        TreeSet<String> categories = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        StringBuilder items = new StringBuilder();
        for (CatalogueModule module : host.catalogue().modules()) {
            ModuleId id = module.id();
            OfferedRelease latest = module.releases().get(0);
            String moduleCategory = latest.text("category", view.language);
            if (!moduleCategory.isEmpty()) {
                categories.add(moduleCategory);
            }
            if (!category.isEmpty() && !category.equalsIgnoreCase(moduleCategory)) {
                continue;
            }
            String description = latest.text("description", view.language);
            String haystack = (id + " " + latest.text("title", view.language) + " " + description).toLowerCase(Locale.ROOT);
            if (!query.isBlank() && !haystack.contains(query.strip().toLowerCase(Locale.ROOT))) {
                continue;
            }
            items.append("<li data-module=\"").append(esc(id.name())).append("\" data-group=\"").append(esc(id.groupId()))
                    .append("\"><h2><a href=\"/console/catalogue/").append(esc(host.modules().reference(id))).append("\">")
                    .append(esc(host.title(view, id))).append("</a></h2><p>")
                    .append(esc(description)).append("</p>").append(publisher(view, id, module.publishers()))
                    .append("<p class=\"muted\">")
                    .append(moduleCategory.isEmpty() ? "" : esc(moduleCategory) + " · ")
                    .append(view.h("catalogue.latest-version")).append(esc(latest.version()))
                    .append("</p></li>");
        }
        StringBuilder main = new StringBuilder();
        main.append("<form role=\"search\" class=\"filters\" method=\"get\" action=\"/console/catalogue\"><p>")
                .append("<label for=\"q\">").append(view.h("catalogue.search")).append("</label>")
                .append("<input id=\"q\" name=\"q\" type=\"search\" value=\"").append(esc(query)).append("\"></p><p>")
                .append("<label for=\"category\">").append(view.h("catalogue.category")).append("</label>")
                .append("<select id=\"category\" name=\"category\"><option value=\"\">")
                .append(view.h("catalogue.all")).append("</option>");
        for (String c : categories) {
            main.append("<option").append(c.equalsIgnoreCase(category) ? " selected" : "").append('>').append(esc(c))
                    .append("</option>");
        }
        main.append("</select></p><p><button type=\"submit\">").append(view.h("catalogue.filter"))
                .append("</button></p></form>");
        if (!query.isBlank() || !category.isEmpty()) {
            main.append("<p role=\"status\">").append(view.h("catalogue.search-2")).append("« ").append(esc(query))
                    .append(" »").append(category.isEmpty() ? "" : ", " + esc(category)).append("</p>");
        }
        main.append(items.length() == 0 ? "<p id=\"no-result\">" + view.h("catalogue.no-module-matches") + "</p>" : "<ul id=\"catalogue\" class=\"cards\">" + items + "</ul>");
        host.page(view, 200, view.t("catalogue.catalogue"), "/catalogue", main.toString());
    }

    static void module(ConsoleHost host, ConsoleView view, String reference) throws IOException, Refusal {
        ModuleId resolved;
        try {
            resolved = host.modules().resolve(reference);
        } catch (Refusal refused) {
            if (!refused.candidates().isEmpty()) {
                choose(host, view, reference, refused);
                return;
            }
            resolved = null;
        }
        ModuleId id = resolved;
        List<OfferedRelease> offered = id == null ? List.of()
                : host.catalogue().module(id).map(CatalogueModule::releases).orElse(List.of());
        if (offered.isEmpty()) {
            host.problem(view, 404, "problem.this-module-is-not-in");
            return;
        }
        String name = id.name();
        String link = host.modules().reference(id);
        OfferedRelease latest = offered.get(0);
        Optional<InstalledModule> onHost = host.modules().modules().stream().map(ModuleStatus::module)
                .filter(m -> m.name().equals(name)).findFirst();
        // The host's module of this name may be another group's: then this one is not on the host.
        Optional<InstalledModule> installed = onHost.filter(m -> m.id().equals(id));
        boolean enabled = installed.map(InstalledModule::enabled).orElse(false);
        boolean nameTaken = onHost.isPresent() && installed.isEmpty();
        StringBuilder main = new StringBuilder();
        main.append("<p>").append(esc(latest.text("description", view.language))).append("</p><dl class=\"facts\"><dt>")
                .append(view.h("catalogue.technical-name")).append("</dt><dd>").append(esc(name)).append("</dd><dt>")
                .append(view.h("catalogue.publisher")).append("</dt><dd id=\"publisher\" data-group=\"")
                .append(esc(id.groupId())).append("\">").append(publisherText(view, id, accounts(offered))).append("</dd><dt>")
                .append(view.h("catalogue.category")).append("</dt><dd>").append(esc(latest.text("category", view.language)))
                .append("</dd><dt>").append(view.h("catalogue.on-this-host")).append("</dt><dd>")
                .append(enabled ? view.h("catalogue.enabled-at-version") + esc(installed.get().version())
                        : nameTaken ? "<strong class=\"state\" data-state=\"name-in-use\">"
                                + view.h("catalogue.name-taken", name, onHost.get().id()) + "</strong>"
                        : view.h("catalogue.not-enabled")).append("</dd></dl>");
        main.append("<h2>").append(view.h("catalogue.dependencies")).append("</h2><ul id=\"dependencies\">");
        List<String> dependencies = latest.dependencies();
        if (dependencies.isEmpty()) {
            main.append("<li>").append(view.h("catalogue.none")).append("</li>");
        }
        dependencies.forEach(d -> main.append("<li>").append(esc(d)).append("</li>"));
        main.append("</ul><h2>").append(view.h("catalogue.versions")).append("</h2><table id=\"versions\"><thead><tr>")
                .append("<th scope=\"col\">").append(view.h("catalogue.version")).append("</th><th scope=\"col\">")
                .append(view.h("catalogue.channel")).append("</th><th scope=\"col\">")
                .append(view.h("catalogue.released-by")).append("</th><th scope=\"col\">")
                .append(view.h("catalogue.released-on")).append("</th><th scope=\"col\">")
                .append(view.h("catalogue.compatible-with-this-host")).append("</th><th scope=\"col\">")
                .append(view.h("catalogue.notes")).append("</th>").append(view.admin ? "<th scope=\"col\">"
                        + view.h("catalogue.action") + "</th>" : "").append("</tr></thead><tbody>");
        for (OfferedRelease release : offered) {
            boolean compatible = release.compatible();
            main.append("<tr data-version=\"").append(esc(release.version())).append("\"><th scope=\"row\">")
                    .append(esc(release.version())).append("</th><td>").append(esc(release.channel())).append("</td><td>")
                    .append(esc(release.releasedBy())).append("</td><td>").append(releasedOn(view, release))
                    .append("</td><td>").append(compatible ? view.h("catalogue.yes") : view.h("catalogue.no-host-api", release.hostApi())).append("</td><td>");
            if (release.revoked()) {
                main.append("<strong class=\"state\" data-state=\"revoked\">").append(view.h("catalogue.withdrawn"))
                        .append("</strong>").append(esc(release.revokedReason())).append(' ');
            }
            if (release.rollout() != null) {
                // iMio's staged rollout has not reached this host: a person may still choose it.
                main.append("<strong class=\"state rollout\" data-state=\"").append(release.rollout().equals("running")
                        ? "queued" : "DEGRADED").append("\">").append(view.h("catalogue.rollout." + release.rollout()))
                        .append("</strong> ");
            }
            main.append(esc(release.text("notes", view.language))).append("</td>");
            if (view.admin) {
                main.append("<td>");
                if (!enabled && !nameTaken && !release.revoked() && compatible) {
                    main.append("<a class=\"action action-enable button\" href=\"/console/modules/").append(esc(link))
                            .append("/enable?version=").append(esc(release.version())).append("\">")
                            .append(view.h("catalogue.enable")).append(esc(release.version())).append("</a>");
                } else if (enabled && !release.revoked() && compatible && !release.version().equals(installed.get().version())) {
                    main.append("<a class=\"action action-update button secondary\" href=\"/console/modules/")
                            .append(esc(link)).append("/update?version=").append(esc(release.version())).append("\">")
                            .append(view.h("catalogue.switch-to")).append(esc(release.version())).append("</a>");
                }
                main.append("</td>");
            }
            main.append("</tr>");
        }
        main.append("</tbody></table>");
        host.page(view, 200, host.title(view, id), "/catalogue", main.toString());
    }

    /** A short name that several groups release: the page lists them, each with its publisher, to choose from. */
    private static void choose(ConsoleHost host, ConsoleView view, String name, Refusal ambiguous)
            throws IOException {
        StringBuilder main = new StringBuilder("<p role=\"alert\" class=\"warning\">").append(view.h("catalogue.several-publishers-release-a-module"))
                .append("</p><ul id=\"candidates\">");
        for (String candidate : ambiguous.candidates()) {
            ModuleId id = ModuleId.parse(candidate);
            main.append("<li data-module=\"").append(esc(id.name())).append("\" data-group=\"").append(esc(id.groupId()))
                    .append("\"><a href=\"/console/catalogue/").append(esc(candidate)).append("\">")
                    .append(esc(host.title(view, id))).append("</a> ")
                    .append(publisher(view, id, accounts(host.catalogue().releases(id)))).append("</li>");
        }
        main.append("</ul>");
        host.page(view, 409, name, "/catalogue", main.toString());
    }

    /** "Éditeur : aa.evil (compte evil)", as HTML. */
    private static String publisher(ConsoleView view, ModuleId id, List<String> accounts) {
        return "<p class=\"publisher\" data-group=\"" + esc(id.groupId()) + "\">" + view.h("catalogue.publisher-2")
                + publisherText(view, id, accounts) + "</p>";
    }

    /** The publisher accounts that released {@code releases} (newest first, each once). */
    private static List<String> accounts(List<OfferedRelease> releases) {
        return releases.stream().map(OfferedRelease::releasedBy).filter(a -> a != null && !a.isBlank()).distinct().toList();
    }

    private static String publisherText(ConsoleView view, ModuleId id, List<String> accounts) {
        return "<span class=\"group\">" + esc(id.groupId()) + "</span>" + (accounts.isEmpty() ? ""
                : " (" + view.h("catalogue.account") + "<span class=\"account\">" + esc(String.join(", ", accounts))
                        + "</span>)");
    }

    private static String releasedOn(ConsoleView view, OfferedRelease release) {
        try {
            return release.releasedAt() == null ? "—" : view.dateTime(Instant.parse(release.releasedAt()));
        } catch (DateTimeParseException e) {
            return esc(release.releasedAt());
        }
    }

    private static String limit(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 100 ? text.substring(0, 100) : text;
    }
}
