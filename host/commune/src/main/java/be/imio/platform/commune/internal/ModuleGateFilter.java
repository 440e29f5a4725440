package be.imio.platform.commune.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import be.imio.platform.api.WebContexts;

/**
 * Guards the modules context while servlets come and go. When Pax Web updates the context's
 * servlet mappings, a request may briefly match neither the module's servlet nor the fallback
 * servlet and reach the container's own 404; this filter sees that no servlet of ours was chosen
 * and answers as the fallback does (503 with {@code Retry-After} for a module expected back).
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.MODULES + ")")
public final class ModuleGateFilter implements Filter {

    private final SwapGuard guard;

    @Activate
    public ModuleGateFilter(@Reference SwapGuard guard) {
        this.guard = guard;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (chosenByUs(http.getHttpServletMapping())) {
            chain.doFilter(request, response);
        } else {
            ModuleFallbackServlet.answer(http, (HttpServletResponse) response, guard);
        }
    }

    /** A module's servlet ({@code /<module>/*}) or the fallback ({@code /*}): both are path mappings. */
    private static boolean chosenByUs(HttpServletMapping mapping) {
        return mapping != null && mapping.getMappingMatch() == MappingMatch.PATH && mapping.getPattern() != null
                && mapping.getPattern().endsWith("/*");
    }
}
