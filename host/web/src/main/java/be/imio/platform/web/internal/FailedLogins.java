package be.imio.platform.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Failed log-ins, counted once for the whole instance: the console's log-in form and HTTP Basic
 * under {@code /api}, {@code /modules} and {@code /repository/maven} all report here, so guesses
 * spread over several contexts add up. Three counts, each over {@link #WINDOW}:
 * <ul>
 * <li>per address and account ({@link #PER_ACCOUNT_AND_ADDRESS}): one account's password guessed
 * from one place is slowed at once, without locking out colleagues behind the same gateway;</li>
 * <li>per address ({@link #PER_ADDRESS}), whatever the accounts tried;</li>
 * <li>per account from any address ({@link #PER_ACCOUNT}): guessing spread over many addresses.</li>
 * </ul>
 * Only an authorised log-in (right password and a role the context admits) clears failures, and
 * only its own account's: logging in as one account (a viewer, a publisher) never clears the
 * count of guesses at another, and the per-address count only ends with its window.
 *
 * <p>The per-account count would let anyone lock any account out by guessing from enough
 * addresses. So an address from which the account logged in with authorisation within
 * {@link #KNOWN_FOR} (its staff's usual workstation or gateway) is not held back by that count,
 * only by its own pair and address counts: guesses from elsewhere slow the guesser, not the
 * account's owner. These known addresses are kept in memory (a restart forgets them), at most
 * {@link #MAX_KNOWN}, the least recently used forgotten first.
 *
 * <p>Addresses are counted by {@link ClientAddresses#key}: an IPv6 client's whole /64 is one address.
 *
 * <p>Account names are counted as the realm matches them, whatever the case and the spaces
 * around them: {@code "Admin "} and {@code "admin"} are one account here.
 */
final class FailedLogins {

    static final int PER_ACCOUNT_AND_ADDRESS = 5;
    static final int PER_ADDRESS = 20;
    static final int PER_ACCOUNT = 50;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration KNOWN_FOR = Duration.ofDays(30);
    static final int MAX_KNOWN = 10_000;

    static final FailedLogins INSTANCE = new FailedLogins(Clock.systemUTC());

    private final LoginThrottle pairs;
    private final LoginThrottle addresses;
    private final LoginThrottle accounts;
    private final Clock clock;
    /** Address and account of each authorised log-in, with its time; guarded by itself. */
    private final Map<String, Instant> known = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_KNOWN;
        }
    };

    /** Most blocked log-ins announced per address and block (distinct accounts or channels). */
    static final int ANNOUNCED_PER_ADDRESS = 5;

    /** The blocks announced, by address; guarded by itself. */
    private final Map<String, Announced> announced = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Announced> eldest) {
            return size() > MAX_KNOWN;
        }
    };

    FailedLogins(Clock clock) {
        this.clock = clock;
        pairs = new LoginThrottle(PER_ACCOUNT_AND_ADDRESS, WINDOW, clock);
        addresses = new LoginThrottle(PER_ADDRESS, WINDOW, clock);
        accounts = new LoginThrottle(PER_ACCOUNT, WINDOW, clock);
    }

    /**
     * How long a log-in as {@code account} (null when none was given) from {@code address} must
     * still wait; zero when it may be tried.
     */
    Duration waitFor(String client, String account) {
        String address = ClientAddresses.key(client);
        Duration byAddress = addresses.waitFor(address);
        if (account == null) {
            return byAddress;
        }
        Duration byAccount = knows(address, account) ? Duration.ZERO : accounts.waitFor(key(account));
        return Stream.of(byAddress, pairs.waitFor(pair(address, account)), byAccount)
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Begins a log-in as {@code account} from {@code client}, before its password is checked: zero
     * when it may go on (it is then counted in progress by each count, see {@link LoginThrottle#begin},
     * until {@link #failed}, {@link #authorised} or {@link #release}), else how long it must wait.
     * Without an account (no credentials given), only checks the address, counting nothing.
     */
    Duration begin(String client, String account) {
        String address = ClientAddresses.key(client);
        if (account == null) {
            return addresses.waitFor(address);
        }
        Duration wait = addresses.begin(address);
        if (!wait.isZero()) {
            return wait;
        }
        wait = pairs.begin(pair(address, account));
        if (!wait.isZero()) {
            addresses.release(address);
            return wait;
        }
        if (!knows(address, account)) {
            wait = accounts.begin(key(account));
            if (!wait.isZero()) {
                addresses.release(address);
                pairs.release(pair(address, account));
                return wait;
            }
        }
        return Duration.ZERO;
    }

    /**
     * True for the first attempt of {@code account} through {@code channel} (HTTP, the console, SSH)
     * from {@code client} held back for {@code wait}, false for the next ones until that wait has
     * passed, and false once {@link #ANNOUNCED_PER_ADDRESS} accounts and channels of that address were
     * announced in the block: a block is one event, logged once, and a guesser changing the name it
     * tries cannot fill the log.
     */
    boolean firstBlocked(String client, String channel, String account, Duration wait) {
        String address = ClientAddresses.key(client);
        Instant now = clock.instant();
        synchronized (announced) {
            Announced block = announced.get(address);
            if (block == null || !block.until().isAfter(now)) {
                block = new Announced(now.plus(wait), new HashSet<>());
                announced.put(address, block);
            }
            String what = channel + " " + (account == null ? "" : key(account));
            if (block.what().contains(what) || block.what().size() >= ANNOUNCED_PER_ADDRESS) {
                return false;
            }
            block.what().add(what);
            return true;
        }
    }

    /** Until when an address's block runs, and which channels and accounts it was announced for. */
    private record Announced(Instant until, Set<String> what) {
    }

    /** A log-in {@link #begin begun} ended neither way: a valid account without the role the context admits. */
    void release(String client, String account) {
        String address = ClientAddresses.key(client);
        addresses.release(address);
        pairs.release(pair(address, account));
        accounts.release(key(account));
    }

    /** A wrong password (or an unknown account) given for {@code account} from {@code address}. */
    void failed(String client, String account) {
        String address = ClientAddresses.key(client);
        addresses.failed(address);
        pairs.failed(pair(address, account));
        accounts.failed(key(account));
    }

    /** A log-in with the right password and a role the context admits: that account's failures end. */
    void authorised(String client, String account) {
        String address = ClientAddresses.key(client);
        addresses.release(address);
        pairs.succeeded(pair(address, account));
        accounts.succeeded(key(account));
        synchronized (known) {
            known.put(pair(address, account), clock.instant());
        }
    }

    /** True when {@code account} logged in with authorisation from {@code address} within {@link #KNOWN_FOR}. */
    private boolean knows(String address, String account) {
        String pair = pair(address, account);
        synchronized (known) {
            Instant last = known.get(pair);
            if (last != null && last.plus(KNOWN_FOR).isBefore(clock.instant())) {
                known.remove(pair);
                return false;
            }
            return last != null;
        }
    }

    private static String pair(String address, String account) {
        return address + "\n" + key(account);
    }

    /** The account as the realm matches it: without surrounding spaces, whatever its case. */
    static String key(String account) {
        return account.strip().toLowerCase(Locale.ROOT);
    }
}
