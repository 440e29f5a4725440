package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.web.access.ContextGate;

/**
 * The gate of the platform's contexts, offered to the contexts other bundles of the platform
 * register: the same headers, client bounds and routed path as this bundle's own contexts.
 */
@Component(service = ContextGate.class)
public final class PlatformGate implements ContextGate {

    @Reference
    private ClientGate gate;

    @Override
    public boolean enter(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response);
        return gate.enter(request, response);
    }

    @Override
    public void leave(HttpServletRequest request) {
        gate.leave(request, null);
    }

    @Override
    public void leave(HttpServletRequest request, HttpServletResponse response) {
        gate.leave(request, response);
    }

    @Override
    public Optional<String> routedPath(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return RoutedPath.admit(request, response);
    }

    @Override
    public String clientAddress(HttpServletRequest request) {
        return ClientGate.address(request);
    }

    @Override
    public boolean overHttps(HttpServletRequest request) {
        return ClientGate.overHttps(request);
    }

    @Override
    public boolean fromThisSite(HttpServletRequest request) {
        return SameSite.fromThisSite(request);
    }

    @Override
    public boolean admitLogIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return ProgramsOnly.admitLogIn(request, response);
    }
}
