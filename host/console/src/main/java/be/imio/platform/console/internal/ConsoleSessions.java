package be.imio.platform.console.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import be.imio.platform.web.access.FormTokens;

/**
 * The console's log-in sessions, in memory: a session id is 256 random bits, only ever created at
 * log-in (so a session cannot be planted before it), and ends after {@code idle} without a request
 * or {@code maximum} after log-in, or at log-out. A restart logs everybody out, which is fine for
 * a handful of staff and keeps no secret on disk.
 */
// The container's HttpSession is not used: Pax Web gives each whiteboard context its own, while
// one console log-in must also open the modules' pages, and its cookie could not be made
// SameSite=Strict per context.
final class ConsoleSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration MAXIMUM = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;
    /** Sessions one account keeps open at once (its browsers, its devices). */
    static final int MAX_PER_ACCOUNT = 20;

    /** One logged-in user; {@code csrf} goes into every form the session is shown. */
    record Session(String id, String user, Set<String> roles, String csrf, Instant loggedIn, Instant lastSeen) {

        boolean csrfMatches(String token) {
            return FormTokens.same(csrf, token);
        }

        /**
         * The session's secret for modules' forms: HMAC-SHA256 of a fixed label keyed by
         * {@link #csrf}. Modules' pages get tokens derived from it ({@link FormTokens}), never it,
         * nor the console's token, which changes the host.
         */
        String formKey() {
            return FormTokens.hmac(csrf, "imio-module-forms");
        }

        /** True when {@code token} is the log-out token modules' pages carry. */
        boolean logOutTokenMatches(String token) {
            return FormTokens.same(FormTokens.forLogOut(formKey()), token);
        }
    }

    /** What a cookie value leads to. */
    enum Lookup { NONE, EXPIRED, VALID }

    record Found(Lookup lookup, Session session) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    Session open(String user, Set<String> roles) {
        Instant now = clock.instant();
        // One account cannot fill the table (and so push everyone else out) by logging in again and
        // again: past its own few sessions, its oldest is closed.
        List<Session> own = sessions.values().stream().filter(s -> s.user().equals(user))
                .sorted(Comparator.comparing(Session::lastSeen)).toList();
        for (int i = 0; i <= own.size() - MAX_PER_ACCOUNT; i++) {
            sessions.remove(own.get(i).id());
        }
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> expired(s, now));
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.values().stream().min(Comparator.comparing(Session::lastSeen))
                        .ifPresent(oldest -> sessions.remove(oldest.id()));
            }
        }
        Session session = new Session(token(), user, Set.copyOf(roles), token(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The session of {@code id}, marked as seen now when it is still valid. */
    Found find(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            return new Found(Lookup.NONE, null);
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id, session);
            return new Found(Lookup.EXPIRED, null);
        }
        Session seen = new Session(session.id(), session.user(), session.roles(), session.csrf(), session.loggedIn(), now);
        sessions.replace(id, session, seen);
        return new Found(Lookup.VALID, seen);
    }

    Optional<Session> close(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.remove(id));
    }

    private static boolean expired(Session session, Instant now) {
        return !session.lastSeen().plus(IDLE).isAfter(now) || !session.loggedIn().plus(MAXIMUM).isAfter(now);
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
