package be.imio.platform.console.internal;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.web.access.Staff;
import be.imio.platform.web.access.StaffSessions;

/** The console's sessions, offered to the modules' context: one log-in opens the modules' pages too. */
@Component(service = StaffSessions.class)
public final class StaffSessionsService implements StaffSessions {

    @Override
    public Optional<Staff> session(HttpServletRequest request) {
        ConsoleSessions.Found found = ConsoleAccess.INSTANCE.session(request);
        return found.lookup() == ConsoleSessions.Lookup.VALID
                ? Optional.of(new Staff(found.session().user(), found.session().roles(),
                        found.session().formKey())) : Optional.empty();
    }
}
