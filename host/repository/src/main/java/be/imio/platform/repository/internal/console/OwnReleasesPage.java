package be.imio.platform.repository.internal.console;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.publisher.PublisherAccounts;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/**
 * A publisher's own releases, {@code /console/own-releases}: the only page a publisher's account
 * opens in iMio's console ({@link #roles()}), read-only: each version it released, its channel,
 * date and revocation, newest first. iMio's staff see every release on {@code /console/releases}.
 */
@Component(service = ConsolePage.class)
public final class OwnReleasesPage implements ConsolePage {

    /** The realm's role of the accounts that release. */
    static final String PUBLISHER = "publisher";
    private static final Logger LOG = LoggerFactory.getLogger(OwnReleasesPage.class);

    private final ReleaseDesk desk;
    private final PublisherAccounts accounts;

    @Activate
    public OwnReleasesPage(@Reference ReleaseDesk desk, @Reference PublisherAccounts accounts) {
        this.desk = desk;
        this.accounts = accounts;
    }

    @Override
    public String label() {
        return "own-releases";
    }

    @Override
    public String titleKey() {
        return "own.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public Set<String> roles() {
        return Set.of(PUBLISHER);
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        if (!request.path().isEmpty()) {
            request.page(404, request.text("own.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.not-found") + "</p>");
            return;
        }
        if (!accounts.active(request.user())) {
            // Disabled since it logged in: its session, opened with the role it had then, shows nothing more.
            request.page(403, request.text("own.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("own.disabled") + "</p>");
            return;
        }
        List<Release> own;
        try {
            // Its own only: what it released, as the ledger recorded the account that uploaded it.
            own = ReleasesPage.versions(desk.ledger().all()).stream()
                    .filter(release -> request.user().equals(release.releasedBy())).toList();
        } catch (SQLException e) {
            LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
            request.page(503, request.text("own.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
            return;
        }
        request.page(200, request.text("own.title"), label(), "<p>" + request.html("own.intro", request.user()) + "</p>"
                + ReleasesPage.table(request, own));
    }
}
