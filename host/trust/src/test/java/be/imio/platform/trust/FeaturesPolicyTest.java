package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every element of the Karaf features schema that can fetch or write what no signature pins is refused. */
class FeaturesPolicyTest {

    @TempDir
    Path dir;

    private List<FeaturesPolicy.Reference> check(String inFeature, String topLevel) throws Exception {
        Path xml = Files.writeString(dir.resolve("f.xml"), "<?xml version=\"1.0\"?>\n"
                + "<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" + topLevel
                + "<feature name=\"courrier\" version=\"1.0.0\" start-level=\"80\">" + inFeature + "</feature></features>");
        return FeaturesPolicy.check(SafeXml.parse(xml), "be.imio.platform", "courrier");
    }

    private String refused(String inFeature, String topLevel) {
        return assertThrows(PolicyViolation.class, () -> check(inFeature, topLevel)).code();
    }

    @Test
    void acceptsWhatAModuleNeeds() throws Exception {
        List<FeaturesPolicy.Reference> references = check("<details>Registre</details>"
                + "<feature version=\"[4,5)\" prerequisite=\"true\">scr</feature>"
                + "<bundle start-level=\"80\" start=\"true\">mvn:be.imio.platform/courrier/1.0.0</bundle>"
                + "<config name=\"be.imio.platform.courrier\" append=\"true\">prefix = COUR</config>"
                + "<config name=\"be.imio.platform.courrier-agenda\" external=\"false\">a = 1</config>"
                + "<conditional><condition>webconsole</condition>"
                + "<bundle>mvn:be.imio.platform/courrier-console/1.0.0</bundle></conditional>"
                + "<requirement>osgi.extender;filter:=\"(osgi.extender=osgi.component)\"</requirement>",
                "<repository>mvn:be.imio.platform/shared/1.0.0/xml/features</repository>");
        assertEquals(List.of("be/imio/platform/shared/1.0.0/shared-1.0.0-features.xml",
                "be/imio/platform/courrier/1.0.0/courrier-1.0.0.jar",
                "be/imio/platform/courrier-console/1.0.0/courrier-console-1.0.0.jar"),
                references.stream().map(FeaturesPolicy.Reference::path).toList());
    }

    @Test
    void refusesElementsThatFetchOrWriteOutsideWhatIsPinned() {
        assertEquals("features_element_not_allowed", refused("", "<resource-repository>http://evil.example/index.xml"
                + "</resource-repository>"));
        assertEquals("features_element_not_allowed", refused("<configfile finalname=\"${karaf.etc}/users.properties\">"
                + "mvn:be.imio.platform/courrier/1.0.0/cfg/users</configfile>", ""));
        assertEquals("features_element_not_allowed", refused("<library type=\"boot\">mvn:be.imio.platform/x/1.0.0"
                + "</library>", ""));
        assertEquals("features_element_not_allowed", refused("<capability>osgi.service;objectClass=x</capability>", ""));
        assertEquals("features_element_not_allowed", refused("<scoping><import namespace=\"x\"/></scoping>", ""));
        assertEquals("features_element_not_allowed", refused("<conditional><condition>scr</condition>"
                + "<configfile finalname=\"/etc/cron.d/x\">mvn:a/b/1</configfile></conditional>", ""));
        assertEquals("features_element_not_allowed", refused("<x:bundle xmlns:x=\"urn:other\">mvn:a/b/1</x:bundle>", ""));
        assertEquals("features_element_not_allowed", refused("<bundle>mvn:be.imio.platform/courrier/1.0.0<feature>x"
                + "</feature></bundle>", ""));
    }

    @Test
    void refusesBundlesAndRepositoriesByAnyOtherUrl() {
        for (String url : new String[] {"wrap:mvn:be.imio.platform/courrier/1.0.0", "blueprint:file:/tmp/x.xml",
                "http://evil.example/x.jar", "file:/tmp/x.jar", "mvn:http://evil.example!be.imio/x/1.0",
                "mvn:be.imio.platform/courrier/1.0.0/xml/features"}) {
            assertEquals("external_reference", refused("<bundle>" + url + "</bundle>", ""), url);
            assertEquals("external_reference", refused("<conditional><condition>scr</condition><bundle>" + url
                    + "</bundle></conditional>", ""), url);
        }
        assertEquals("external_reference", refused("", "<repository>http://evil.example/features.xml</repository>"));
        assertEquals("external_reference", refused("", "<repository>mvn:be.imio.platform/courrier/1.0.0</repository>"));
    }

    @Test
    void refusesConfigurationsThatAreFetchedOverriddenOrNotTheModules() {
        assertEquals("features_attribute_not_allowed", refused("<config name=\"be.imio.platform.courrier\""
                + " external=\"true\">http://evil.example/x.cfg</config>", ""));
        assertEquals("features_attribute_not_allowed", refused("<config name=\"be.imio.platform.courrier\""
                + " external=\"1\">http://evil.example/x.cfg</config>", ""));
        assertEquals("features_attribute_not_allowed", refused("<config name=\"be.imio.platform.courrier\""
                + " override=\"true\">a = 1</config>", ""));
        assertEquals("config_outside_module", refused("<config name=\"be.imio.platform.host\">"
                + "repositoryUrl = http://evil.example/</config>", ""));
        assertEquals("config_outside_module", refused("<config name=\"org.ops4j.pax.url.mvn\" append=\"true\">"
                + "org.ops4j.pax.url.mvn.repositories = http://evil.example/</config>", ""));
        assertEquals("config_outside_module", refused("<conditional><condition>scr</condition>"
                + "<config name=\"be.imio.platform.courrierx\">a = 1</config></conditional>", ""));
    }

    @Test
    void refusesUnknownAttributesAndOtherDocuments() throws Exception {
        assertEquals("features_attribute_not_allowed", refused("<bundle override=\"true\">mvn:a/b/1</bundle>", ""));
        assertEquals("features_attribute_not_allowed", refused("<bundle x:url=\"http://e/\" xmlns:x=\"urn:x\">"
                + "mvn:be.imio.platform/courrier/1.0.0</bundle>", ""));
        Path other = Files.writeString(dir.resolve("o.xml"), "<features xmlns=\"urn:other\"/>");
        assertEquals("bad_features", assertThrows(PolicyViolation.class,
                () -> FeaturesPolicy.check(SafeXml.parse(other), "a", "b")).code());
    }

    private String propertyRefused(String attributes, String body) {
        return refused("<config name=\"be.imio.platform.courrier.fy\"" + attributes + ">" + body + "</config>", "");
    }

    @Test
    void refusesConfigPropertiesKarafOrOsgiActOn() {
        // The attack: Karaf writes the configuration to the file felix.fileinstall.filename names.
        assertEquals("config_property_not_allowed", propertyRefused("", "\nhacker2 = hackpw2,admin\n"
                + "felix.fileinstall.filename = file:/opt/karaf/etc/users.properties\n"));
        for (String line : new String[] {"felix.fileinstall.filename=file:/tmp/x", "Felix.FileInstall.Filename: x",
            "FELIX.fileinstall.filename x", "service.pid = be.imio.platform.host", "service.factoryPid = x",
            "service.bundleLocation = ?", "org.apache.karaf.features.x = 1", "karaf.etc = /tmp",
            "osgi.http.whiteboard.servlet.pattern = /*", "component.name = x", "a/b = 1", "a\\u0062 = 1",
            "fel\\\nix.fileinstall.filename = x", "felix\\.fileinstall.filename = x", "a = ${env:HOME}",
            "a = x${karaf.etc}", "a b ${x}", "a = $[env:HOME]", "a = $[secret:db.password]"}) {
            assertEquals("config_property_not_allowed", propertyRefused("", line), line);
            assertEquals("config_property_not_allowed", propertyRefused(" append=\"true\"", "ok = 1\n" + line), line);
        }
        assertEquals("config_property_not_allowed", propertyRefused("", "{\"felix.fileinstall.filename\": \"x\"}"));
        assertEquals("config_property_not_allowed", propertyRefused("", "  [1]"));
        assertEquals("config_property_not_allowed", refused("<config name=\"be.imio.platform.courrier.json\">a = 1"
                + "</config>", ""));
        assertEquals("config_property_not_allowed", refused("<conditional><condition>scr</condition>"
                + "<config name=\"be.imio.platform.courrier\">service.pid = x</config></conditional>", ""));
    }

    @Test
    void acceptsPlainConfigProperties() throws Exception {
        check("<config name=\"be.imio.platform.courrier\">\n# a comment\n! another\n\nprefix = COUR\n"
                + "mail.from: courrier@example.be\nlimit 10\nlist = [\"a\", \"b\"]\nempty =\ndollar = 5$\n</config>", "");
    }
}
