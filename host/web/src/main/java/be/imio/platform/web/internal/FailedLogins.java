package be.imio.platform.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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
 */
final class FailedLogins {

    static final int PER_ACCOUNT_AND_ADDRESS = 5;
    static final int PER_ADDRESS = 20;
    static final int PER_ACCOUNT = 50;
    static final Duration WINDOW = Duration.ofMinutes(10);

    static final FailedLogins INSTANCE = new FailedLogins(Clock.systemUTC());

    private final LoginThrottle pairs;
    private final LoginThrottle addresses;
    private final LoginThrottle accounts;

    FailedLogins(Clock clock) {
        pairs = new LoginThrottle(PER_ACCOUNT_AND_ADDRESS, WINDOW, clock);
        addresses = new LoginThrottle(PER_ADDRESS, WINDOW, clock);
        accounts = new LoginThrottle(PER_ACCOUNT, WINDOW, clock);
    }

    /**
     * How long a log-in as {@code account} (null when none was given) from {@code address} must
     * still wait; zero when it may be tried.
     */
    Duration waitFor(String address, String account) {
        Duration byAddress = addresses.waitFor(address);
        if (account == null) {
            return byAddress;
        }
        return Stream.of(byAddress, pairs.waitFor(pair(address, account)), accounts.waitFor(key(account)))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** A wrong password (or an unknown account) given for {@code account} from {@code address}. */
    void failed(String address, String account) {
        addresses.failed(address);
        pairs.failed(pair(address, account));
        accounts.failed(key(account));
    }

    /** A log-in with the right password and a role the context admits: that account's failures end. */
    void authorised(String address, String account) {
        pairs.succeeded(pair(address, account));
        accounts.succeeded(key(account));
    }

    private static String pair(String address, String account) {
        return address + "\n" + key(account);
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
