package be.imio.platform.trust;

import java.nio.file.Path;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;

/**
 * Parses XML that comes from outside (uploaded poms, features XML from the repository) with
 * what makes it safe: no DOCTYPE, so no external entity and no entity expansion, and the JDK's
 * secure processing limits.
 */
public final class SafeXml {

    private SafeXml() {
    }

    /** The document in {@code file}, namespace-aware; any parse error or DOCTYPE throws. */
    public static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        factory.setXIncludeAware(false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }
}
