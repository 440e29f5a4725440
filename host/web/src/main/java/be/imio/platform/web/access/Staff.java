package be.imio.platform.web.access;

import java.util.Set;

/**
 * A logged-in member of staff: the account's name, the realm's roles it holds, and the
 * anti-forgery token of its session's forms for modules ({@code be.imio.platform.api.WebContexts#FORM_TOKEN};
 * null when the session gives none).
 */
public record Staff(String user, Set<String> roles, String formToken) {

    public Staff {
        roles = Set.copyOf(roles);
    }

    /** A member of staff whose session gives no token for modules' forms. */
    public Staff(String user, Set<String> roles) {
        this(user, roles, null);
    }
}
