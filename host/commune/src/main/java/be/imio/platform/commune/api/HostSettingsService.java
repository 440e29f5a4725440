package be.imio.platform.commune.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's own settings ({@code etc/be.imio.platform.host.cfg}, through ConfigurationAdmin) that
 * staff may read and administrators change: {@link #FIELDS}, each as text. A change is checked
 * whole before anything is saved, and saved with its row in the activity as one unit: neither is
 * kept without the other.
 */
@ProviderType
public interface HostSettingsService {

    /** The central repository's address: an http or https URL without user information. */
    String REPOSITORY_URL = "repositoryUrl";
    /** The SHA-256 of the trusted root metadata, 64 lowercase hexadecimal digits, or empty. */
    String ROOT_FINGERPRINT = "rootFingerprint";
    /** {@link Channel#id()}. */
    String CHANNEL = "channel";
    /** {@link UpdatePolicy#id()}: every module's policy unless it has its own. */
    String POLICY = "policy";
    /** {@code HH:mm-HH:mm} in Brussels time, or empty for any time. */
    String MAINTENANCE_WINDOW = "maintenanceWindow";
    /** Seconds between two syncs, 30 to 86,400. */
    String SYNC_INTERVAL_SECONDS = "syncIntervalSeconds";
    /** The settings this service reads and changes, in the order people see them. */
    List<String> FIELDS = List.of(REPOSITORY_URL, ROOT_FINGERPRINT, CHANNEL, POLICY, MAINTENANCE_WINDOW,
            SYNC_INTERVAL_SECONDS);

    /** Every one of {@link #FIELDS} as the host runs with it now. */
    Map<String, String> effective();

    /**
     * Every one of {@link #FIELDS} as ConfigurationAdmin holds it now: ahead of {@link #effective()}
     * for a moment after a change, and as written when a value written by hand is not valid.
     */
    Map<String, String> values();

    /**
     * What is wrong with {@code asked} (every one of {@link #FIELDS}, stripped): by field, the key
     * of the engine's text that says what is expected; empty when it may be saved.
     */
    Map<String, String> check(Map<String, String> asked);

    /**
     * Saves {@code asked} when it changes something, journalled as {@code actor} from
     * {@code address}; answers what changed ("channel: stable → testing; ..."), empty when
     * nothing did. Refused with 400 {@code bad_settings} (the fields in error as arguments) when
     * {@link #check} finds something, and with 503 {@code unavailable} when the journal or
     * ConfigurationAdmin cannot be written; nothing is saved then.
     */
    String change(Map<String, String> asked, String actor, String address) throws Refusal;
}
