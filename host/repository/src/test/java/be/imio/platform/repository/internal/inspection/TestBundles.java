package be.imio.platform.repository.internal.inspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Bundles as a module's build makes them, for the release checks' tests. */
final class TestBundles {

    private TestBundles() {
    }

    /**
     * A bundle importing the platform API in {@code hostApi}, with one Declarative Services
     * component whose property {@code key} is {@code value} (none when {@code key} is null).
     */
    static byte[] bundle(String symbolicName, String hostApi, String key, String value) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "be.imio.platform.api;version=\"" + hostApi + "\"");
        if (key != null) {
            main.putValue("Service-Component", "OSGI-INF/page.xml");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry(symbolicName.replace('.', '/') + "/Page.class"));
            jar.write(new byte[] {1, 2, 3});
            if (key != null) {
                jar.putNextEntry(new ZipEntry("OSGI-INF/page.xml"));
                jar.write(("<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\""
                        + " name=\"page\"><implementation class=\"a.Page\"/><service><provide"
                        + " interface=\"javax.servlet.Servlet\"/></service><property name=\"" + key + "\" value=\""
                        + value + "\"/></scr:component>").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
