package be.imio.platform.web.access;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The staff sessions of the console, which the modules' context also accepts, so that one log-in
 * opens the console and the modules' pages. Implemented by the console's bundle.
 */
@ConsumerType
public interface StaffSessions {

    /** The address of the log-in page, where a person without a session is sent. */
    String LOG_IN_PATH = "/console/login";

    /** Who the request's session cookie names, while that session is valid. */
    Optional<Staff> session(HttpServletRequest request);
}
