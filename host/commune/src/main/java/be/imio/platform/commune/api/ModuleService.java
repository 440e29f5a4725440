package be.imio.platform.commune.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The modules of this commune host and their operations: what runs, what was asked and how it
 * ended. Every change goes through {@link #request}: planned and checked at once (refused with a
 * {@link Refusal} when it cannot be done), journalled, then run one at a time in the order asked;
 * a release that does not work is rolled back to what ran before. The REST API
 * ({@code /api/host}), the shell ({@code imio:*}) and the console use only this service for
 * modules.
 *
 * <p>A module is named by a <em>reference</em>: {@code GROUP:ARTIFACT}, or its short name when that
 * names one module (the module of that name on this host, else the one group that releases it).
 * Methods that read the journal throw a {@link Refusal} with status 503 and code
 * {@code unavailable} when it cannot be read.
 */
@ProviderType
public interface ModuleService {

    /**
     * Every module this host runs or ran (a disabled module keeps its data), by short name, with
     * its health (each module's own checks are asked, within their time limit) and what is known
     * of its releases.
     */
    List<ModuleStatus> modules() throws Refusal;

    /** The journal's rows of {@link #modules()}, without asking anything of the modules: cheap. */
    List<InstalledModule> installed() throws Refusal;

    /** The newer version {@code module} may be updated to now (its pin respected); empty when none or disabled. */
    Optional<String> updateFor(InstalledModule module);

    /** The module {@code reference} names; refused with 400, 404 or 409 ({@code ambiguous_module}, with candidates). */
    ModuleId resolve(String reference) throws Refusal;

    /** How people and URLs name {@code module}: its short name when that resolves to it, else {@code GROUP:ARTIFACT}. */
    String reference(ModuleId module);

    /**
     * Plans {@code action} on the module {@code reference} names and queues it; answers the
     * journalled operation (state {@code queued}). {@code value} is the version to go to (enable,
     * update, pin; null for the newest this host may install) or the policy's id
     * ({@link Operation.Action#POLICY}). {@code actor} is the account that asks, {@code address}
     * where it asks from ({@code shell}, a client address). {@link Operation.Action#SETTINGS} is
     * not an action on a module: refused with 400.
     */
    Operation request(Operation.Action action, String reference, String value, String actor, String address)
            throws Refusal;

    /**
     * What {@link #request} with the same arguments would change in Karaf now, refused as it would
     * be refused; changes nothing (it may fetch and verify the release's features XML). Refused
     * with 502 {@code download_failed} when that file cannot be fetched or verified.
     */
    ModuleChanges preview(Operation.Action action, String reference, String value) throws Refusal;

    /** The operation {@code id}, if journalled. */
    Optional<Operation> operation(long id) throws Refusal;

    /** The newest {@code limit} operations, of the module of short name {@code module} when not null. */
    List<Operation> operations(String module, int limit) throws Refusal;

    /** The newest {@code limit} operations and settings changes that {@code filter} keeps. */
    List<Operation> activity(ActivityFilter filter, int limit) throws Refusal;

    /** The operation running now, if any. */
    Optional<Operation> current();

    /** The step the running operation {@code id} is at; empty when it is not running. */
    Optional<OperationPhase> phase(long id);

    /** How many operations wait behind the running one. */
    int queued();

    /**
     * The mandatory updates pending on this host, one per enabled module at most, by module name.
     *
     * @since 1.3
     */
    List<MandatoryUpdate> mandatoryUpdates() throws Refusal;

    /**
     * Defers the mandatory update of the module {@code reference} names (to {@code version}, or the
     * one pending when null) until {@code until}, once, for {@code reason}, as {@code actor} from
     * {@code address}: journalled as a {@link Operation.Action#DEFER} operation in one unit with the
     * deferral, and reported to iMio.
     *
     * @throws Refusal {@code not_required} (409) when no such update is pending, {@code already_deferred}
     *     (409), {@code not_deferrable} (409) when iMio allows no deferral, {@code operation_pending}
     *     (409) while an operation on the module is queued or running, {@code bad_date} (400) when
     *     {@code until} is not after the deadline and at most its limit, {@code bad_reason} (400)
     *     for a reason not of 1 to 500 characters without control characters
     * @since 1.3
     */
    Operation defer(String reference, String version, java.time.Instant until, String reason, String actor,
            String address) throws Refusal;
}
