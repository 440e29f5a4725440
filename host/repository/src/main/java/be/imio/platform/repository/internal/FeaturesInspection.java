package be.imio.platform.repository.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.SafeXml;

/**
 * Checks an uploaded Karaf features XML: well-formed (no DOCTYPE, no external entities), a
 * {@code <features>} document, and every bundle, config file or features repository it names is
 * an {@code mvn:} artifact already released here. A host then installs a module from artifacts
 * the repository pinned, never from a URL nobody checked.
 */
final class FeaturesInspection {

    private FeaturesInspection() {
    }

    /**
     * Checks the document; {@code released} tells whether a repository path is released. Answers
     * the features that {@code module}'s own feature depends on.
     */
    static List<String> inspect(Path xml, String module, Predicate<String> released) throws ReleaseRefused {
        Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (Exception e) {
            throw refused("bad_features", "le features XML n'est pas un XML valide", "the features XML is not valid XML");
        }
        if (!"features".equals(document.getDocumentElement().getLocalName())) {
            throw refused("bad_features", "l'élément racine doit être <features>", "the root element must be <features>");
        }
        List<String> references = new ArrayList<>();
        for (String tag : new String[] {"bundle", "configfile", "repository"}) {
            NodeList nodes = document.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                references.add(((Element) nodes.item(i)).getTextContent().strip());
            }
        }
        for (String reference : references) {
            String path = repositoryPath(reference);
            if (path == null) {
                throw refused("external_reference", "référence non autorisée : " + reference
                        + " (seulement mvn:groupe/artefact/version)", "reference not allowed: " + reference
                        + " (only mvn:group/artifact/version)");
            }
            if (!released.test(path)) {
                throw refused("not_released_here", reference + " n'est pas publié dans ce dépôt ; publiez-le d'abord",
                        reference + " is not released in this repository; release it first");
            }
        }
        return dependencies(document, module);
    }

    /**
     * The features nested in the top-level feature named {@code module} (the feature a host
     * installs), as {@code name} or {@code name/version}: what commune staff see the module needs,
     * such as scr. None when the document has no such feature; the host refuses it then.
     */
    static List<String> dependencies(Document document, String module) {
        Set<String> names = new LinkedHashSet<>();
        for (Element feature : children(document.getDocumentElement(), "feature")) {
            if (module.equals(feature.getAttribute("name"))) {
                for (Element needed : children(feature, "feature")) {
                    String name = needed.getTextContent().strip();
                    String version = needed.getAttribute("version").strip();
                    if (!name.isEmpty()) {
                        names.add(version.isEmpty() ? name : name + "/" + version);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                children.add(element);
            }
        }
        return children;
    }

    /** {@code mvn:g/a/v[/type[/classifier]]} as a path of the Maven layout; null when it is no such URL. */
    static String repositoryPath(String url) {
        String path = ArtifactPaths.ofMavenUrl(url);
        return path != null && MavenPath.safe(path) ? path : null;
    }

    private static ReleaseRefused refused(String code, String fr, String en) {
        return new ReleaseRefused(400, code, fr + " / " + en);
    }
}
