package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import be.imio.platform.commune.internal.lifecycle.ModuleBundles;

/** The list of bundles being installed, read back at boot after a stop cut an operation off. */
class CutOffReleaseTest {

    @Test
    void theBundlesBeingInstalledAreReadBackAndGoWhenTheOperationEnds(@TempDir Path data) throws Exception {
        Path marker = data.resolve("host/installing");
        List<ModuleBundles.Identity> bundles = List.of(new ModuleBundles.Identity("be.imio.solutions.probe",
                new Version(1, 10, 0)), new ModuleBundles.Identity("be.imio.solutions.probe.lib", new Version(1, 0, 0, "rc1")));

        CutOffRelease.installing(marker, bundles);
        assertEquals(bundles, CutOffRelease.read(marker));

        CutOffRelease.done(marker);
        assertFalse(Files.exists(marker));
        assertEquals(List.of(), CutOffRelease.read(marker), "nothing is being installed");
    }

    @Test
    void aDamagedListKeepsWhatItCanRead(@TempDir Path data) throws Exception {
        Path marker = Files.writeString(data.resolve("installing"), "be.imio.a 1.0.0\nnot a line\nbe.imio.b x.y\n");
        assertEquals(List.of(new ModuleBundles.Identity("be.imio.a", new Version(1, 0, 0))), CutOffRelease.read(marker));
    }
}
