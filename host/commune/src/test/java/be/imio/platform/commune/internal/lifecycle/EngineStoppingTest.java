package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class EngineStoppingTest {

    private static Bundle inState(int state) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getState")) {
                        return state;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aBundleBeingStoppedOrRefreshedIsStoppingAStartingOrActiveOneIsNot() {
        assertTrue(new EngineStopping(inState(Bundle.STOPPING)).now(), "stopped for a refresh or a shutdown");
        assertTrue(new EngineStopping(inState(Bundle.RESOLVED)).now(), "stopped");
        assertTrue(new EngineStopping(inState(Bundle.INSTALLED)).now(), "unresolved by a refresh");
        assertFalse(new EngineStopping(inState(Bundle.ACTIVE)).now());
        assertFalse(new EngineStopping(inState(Bundle.STARTING)).now());
        assertFalse(EngineStopping.of(EngineStoppingTest.class).now(), "outside a framework");
    }
}
