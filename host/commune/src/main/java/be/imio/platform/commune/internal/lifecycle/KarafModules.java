package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.features.Feature;

/**
 * What the engine asks of Karaf, and nothing more: run a module's feature at a version from its
 * verified features XML, stop it, forget features repositories, say what runs. The one way the
 * runner reaches Karaf's FeaturesService (as Karaf's own deployer reaches it through a callback),
 * so that the runner can be tested with a fake. {@link FeatureDeployer} is the real one.
 */
public interface KarafModules {

    /** Runs {@code module} at {@code version} from {@code featuresXml} (of the verified cache) instead of any other version. */
    void install(String module, String version, Path featuresXml) throws Exception;

    /** Has Karaf know the features repository {@code featuresXml} without installing anything. */
    void know(Path featuresXml) throws Exception;

    /** Stops running {@code module}; its bundles go, its data stays. */
    void uninstall(String module, String version) throws Exception;

    /** Forgets every module's features repository but those at {@code kept}. */
    void forgetRepositoriesExcept(Set<Path> kept) throws Exception;

    /** The modules Karaf is asked to run now, among {@code managed}, with their versions. */
    Map<String, String> deployed(Set<String> managed);

    /** The feature {@code name} at {@code version} as Karaf knows it; null when it knows none. */
    Feature feature(String name, String version) throws Exception;
}
