package be.imio.platform.web.access;

import java.util.Set;

/**
 * A logged-in member of staff: the account's name, the realm's roles it holds, and its session's
 * secret for modules' forms, from which {@link FormTokens} derives each module's token (null when
 * the session gives none). The secret itself is never handed to a module.
 */
public record Staff(String user, Set<String> roles, String formKey) {

    public Staff {
        roles = Set.copyOf(roles);
    }

    /** A member of staff whose session gives no token for modules' forms. */
    public Staff(String user, Set<String> roles) {
        this(user, roles, null);
    }
}
