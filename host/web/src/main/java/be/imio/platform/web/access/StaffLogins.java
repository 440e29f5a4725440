package be.imio.platform.web.access;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Logs staff in with a password against the instance's JAAS realm, throttled with every other
 * log-in of the instance (HTTP Basic, the Karaf shell): a throttled account or address is refused
 * before its password is checked, and every attempt is logged.
 */
@ProviderType
public interface StaffLogins {

    /** Checks {@code password} for {@code user}, who asks from {@code address}. */
    StaffLogin logIn(String user, char[] password, String address);
}
