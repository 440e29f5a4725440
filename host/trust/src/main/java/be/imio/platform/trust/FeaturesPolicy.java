package be.imio.platform.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a module's Karaf features XML may say, so that a host installs nothing the signed targets
 * do not pin and writes nothing outside the module. The repository applies it to every features
 * XML it releases; a host applies it again to the verified copy before installing, so that a
 * repository (or a rule of an older one) that let something through is not trusted for it.
 *
 * <p>An allow-list of the Karaf features schema (1.0 to 1.6), element by element:
 * <ul>
 * <li>{@code <features name>}: {@code <repository>} and {@code <feature>} only.
 *     {@code <repository>} must be the {@code mvn:} URL of a features XML
 *     ({@code mvn:g/a/v/xml/features}); the caller checks that it is pinned.
 *     {@code <resource-repository>} is refused: an OSGi repository index names bundles by any URL.</li>
 * <li>{@code <feature name version description install start-level hidden>}: {@code <details>},
 *     {@code <feature>} (a dependency: {@code version prerequisite dependency}), {@code <bundle>},
 *     {@code <config>}, {@code <conditional>}, {@code <requirement prerequisite>}.
 *     Refused: {@code <configfile>} (Karaf writes its content to any {@code finalname}, from any
 *     URL), {@code <library>} (put into Karaf's own {@code lib/} folders, boot class path
 *     included), {@code <capability>} (declares what no bundle provides) and {@code <scoping>}
 *     (changes the regions other bundles live in).</li>
 * <li>{@code <bundle start-level start dependency>}: an {@code mvn:} URL of a jar, nothing else
 *     ({@code wrap:}, {@code blueprint:}, {@code http:}, {@code file:}... fetch or build what no
 *     signature covers).</li>
 * <li>{@code <config name append>}: properties written inline, into the module's own
 *     configuration only ({@code <groupId>.<artifactId>}, or below it, never the platform's).
 *     {@code external="true"} (the content is a URL Karaf downloads) and {@code override="true"}
 *     (replaces what the commune set) are refused. Its properties are checked by
 *     {@link #checkProperties(String, String)}: no key Karaf or OSGi acts on, no interpolation.</li>
 * <li>{@code <conditional>}: {@code <condition>}, and the same {@code <feature>}, {@code <bundle>}
 *     and {@code <config>} under the same rules.</li>
 * </ul>
 * Any other element or attribute (other namespaces included) is refused; the XML namespace
 * declarations and {@code xsi:*} attributes are allowed. What a module's features may depend on is
 * checked by {@link #checkDependencies}, since which other features are allowed depends on who asks.
 */
public final class FeaturesPolicy {

    /** An artifact the features XML names, as its path in the Maven layout. */
    public record Reference(String url, String path, boolean featuresRepository) {
    }

    private static final String KARAF_NAMESPACE = "http://karaf.apache.org/xmlns/features/v";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    /** The allowed attributes of each element; an element not here is refused. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "features", Set.of("name"),
            "repository", Set.of(),
            "feature", Set.of("name", "version", "description", "install", "start-level", "hidden"),
            "dependency", Set.of("version", "prerequisite", "dependency"),
            "details", Set.of(),
            "bundle", Set.of("start-level", "start", "dependency"),
            "config", Set.of("name", "append", "external", "override"),
            "conditional", Set.of(),
            "condition", Set.of(),
            "requirement", Set.of("prerequisite"));
    /** The allowed child elements of each element (a feature's dependency is {@code dependency} here). */
    private static final Map<String, Set<String>> CHILDREN = Map.of(
            "features", Set.of("repository", "feature"),
            "feature", Set.of("details", "feature", "bundle", "config", "conditional", "requirement"),
            "conditional", Set.of("condition", "feature", "bundle", "config"));
    /** Configurations of the platform itself, which no module may write whatever its name. */
    private static final String PLATFORM_PID = "be.imio.platform";
    private static final List<String> PLATFORM_PID_PREFIXES = List.of("be.imio.platform.host",
            "be.imio.platform.backup", "be.imio.platform.repository", "be.imio.platform.web");

    /**
     * The features of the distribution a module may depend on: Declarative Services (scr), the
     * HTTP service and its whiteboard that serve its pages, and the platform's SDK. Any other
     * feature of the distribution (webconsole, management, shell, deployer, kar, war, obr,
     * aries-blueprint, the platform's own imio-web...) installs what opens the host to a module: a
     * console, a remote management port, a deployer of unsigned archives, another component model.
     */
    public static final Set<String> PLATFORM_DEPENDENCIES = Set.of("scr", "http", "http-whiteboard", "imio-api");

    private FeaturesPolicy() {
    }

    /**
     * Every feature the document's features depend on ({@code <feature>} inside a
     * {@code <feature>} or a {@code <conditional>}), by name, without any {@code /version}.
     */
    public static List<String> dependencies(Document document) {
        List<String> names = new ArrayList<>();
        org.w3c.dom.NodeList all = document.getElementsByTagNameNS("*", "feature");
        for (int i = 0; i < all.getLength(); i++) {
            Element feature = (Element) all.item(i);
            if (feature.getParentNode() != document.getDocumentElement()) {
                String name = feature.getTextContent().strip();
                int slash = name.indexOf('/');
                names.add(slash < 0 ? name : name.substring(0, slash));
            }
        }
        return names;
    }

    /** The names of the features the document defines (its top-level {@code <feature>} elements). */
    public static Set<String> defined(Document document) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Node child = document.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && "feature".equals(e.getLocalName())) {
                names.add(e.getAttribute("name").strip());
            }
        }
        return names;
    }

    /**
     * Refuses a dependency on a feature that is neither one of {@link #PLATFORM_DEPENDENCIES}, nor
     * defined by the same document, nor one {@code otherModule} accepts (the repository: a feature
     * whose name a group of the publisher's namespaces owns; a host: a module of the same group).
     *
     * @throws PolicyViolation {@code feature_dependency_not_allowed}, naming the feature
     */
    public static void checkDependencies(Document document, java.util.function.Predicate<String> otherModule)
            throws PolicyViolation {
        Set<String> own = defined(document);
        for (String name : dependencies(document)) {
            if (!PLATFORM_DEPENDENCIES.contains(name) && !own.contains(name) && !otherModule.test(name)) {
                throw new PolicyViolation(400, "feature_dependency_not_allowed", "policy.feature-dependency-not-allowed", name,
                        String.join(", ", sorted()));
            }
        }
    }

    private static List<String> sorted() {
        return PLATFORM_DEPENDENCIES.stream().sorted().toList();
    }

    /**
     * Checks the features XML of the artifact {@code groupId:artifactId} and answers every artifact
     * it names (bundles and features repositories), for the caller to check that each is released
     * (repository) or pinned (host).
     *
     * @throws PolicyViolation naming the first element or attribute that is not allowed
     */
    public static List<Reference> check(Document document, String groupId, String artifactId) throws PolicyViolation {
        Element root = document.getDocumentElement();
        String namespace = root.getNamespaceURI();
        if (!"features".equals(root.getLocalName()) || namespace != null && !namespace.startsWith(KARAF_NAMESPACE)) {
            throw new PolicyViolation(400, "bad_features", "policy.bad-features");
        }
        List<Reference> references = new ArrayList<>();
        walk(root, "features", namespace, groupId + "." + artifactId, references);
        return references;
    }

    private static void walk(Element element, String kind, String namespace, String ownPid, List<Reference> references)
            throws PolicyViolation {
        checkAttributes(element, kind);
        Set<String> allowed = CHILDREN.getOrDefault(kind, Set.of());
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element e)) {
                continue;
            }
            String name = e.getLocalName();
            if (!java.util.Objects.equals(namespace, e.getNamespaceURI()) || !allowed.contains(name)) {
                throw new PolicyViolation(400, "features_element_not_allowed", "policy.features-element-not-allowed",
                        e.getNodeName(), element.getNodeName());
            }
            // A <feature> inside a feature is a dependency on another feature, not a definition.
            String childKind = "feature".equals(name) && !"features".equals(kind) ? "dependency" : name;
            switch (childKind) {
                case "bundle" -> references.add(reference(e, false));
                case "repository" -> references.add(reference(e, true));
                case "config" -> checkConfig(e, ownPid);
                default -> { }
            }
            walk(e, childKind, namespace, ownPid, references);
        }
    }

    private static void checkAttributes(Element element, String kind) throws PolicyViolation {
        Set<String> allowed = ATTRIBUTES.get(kind);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String namespace = attribute.getNamespaceURI();
            if (XMLNS.equals(namespace) || XSI.equals(namespace)) {
                continue;
            }
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            if (namespace != null || !allowed.contains(name)) {
                throw attributeRefused(element, attribute.getName());
            }
        }
    }

    private static Reference reference(Element element, boolean featuresRepository) throws PolicyViolation {
        String url = element.getTextContent().strip();
        String path = ArtifactPaths.ofMavenUrl(url);
        String suffix = featuresRepository ? "-features.xml" : ".jar";
        if (path == null || !path.endsWith(suffix)) {
            throw featuresRepository ? new PolicyViolation(400, "external_reference", "policy.external-features-reference", url)
                    : new PolicyViolation(400, "external_reference", "policy.external-reference", url);
        }
        return new Reference(url, path, featuresRepository);
    }

    private static void checkConfig(Element config, String ownPid) throws PolicyViolation {
        for (String flag : new String[] {"external", "override"}) {
            // XML Schema's boolean, as Karaf reads it: "1" is true too.
            String value = config.getAttribute(flag).strip();
            if (!value.isEmpty() && !value.equals("false") && !value.equals("0")) {
                throw attributeRefused(config, flag + "=\"true\"");
            }
        }
        String pid = config.getAttribute("name").strip();
        boolean own = pid.equals(ownPid) || pid.startsWith(ownPid + ".") || pid.startsWith(ownPid + "-");
        boolean platform = pid.equals(PLATFORM_PID) || PLATFORM_PID_PREFIXES.stream().anyMatch(p -> pid.equals(p) || pid.startsWith(p + ".")
                || pid.startsWith(p + "-"));
        if (!own || platform || !pid.matches("[A-Za-z0-9_.-]+")) {
            throw new PolicyViolation(400, "config_outside_module", "policy.config-outside-module", pid, ownPid);
        }
        checkProperties(pid, config.getTextContent());
    }

    /** Property keys Karaf, File Install, Configuration Admin or SCR act on, whatever the configuration. */
    private static final List<String> RESERVED_KEY_PREFIXES = List.of("felix.", "service.", "org.apache.karaf.",
            "karaf.", "osgi.", "component.", "org.osgi.", "org.apache.felix.");
    private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * Checks the body of an inline {@code <config>} as Karaf reads it (a properties text, one
     * {@code key = value} per line; {@code key: value} and {@code key value} too): each key must be
     * plain and not one Karaf or Configuration Admin acts on ({@code felix.fileinstall.filename}
     * makes Karaf write the configuration to any file of the host; {@code service.pid},
     * {@code service.bundleLocation}... re-target it), and no value may ask for interpolation
     * ({@code ${env:...}}, {@code ${karaf.etc}}, {@code $[secret:...]}), which reads the host's secrets or paths.
     * Configuration Admin compares keys ignoring case, so this does too. What this simple reading
     * could get wrong is refused instead: backslashes (escapes and continued lines, which the
     * properties format unfolds into other keys), JSON bodies and {@code .json} names.
     */
    static void checkProperties(String pid, String body) throws PolicyViolation {
        if (pid.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || body.strip().startsWith("{")
                || body.strip().startsWith("[")) {
            throw propertyRefused(pid, "JSON", "policy.config-json-body");
        }
        if (body.indexOf('\\') >= 0) {
            throw propertyRefused(pid, "\\", "policy.config-backslash");
        }
        for (String raw : body.split("\r\n|\r|\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && "=: \t\f".indexOf(line.charAt(end)) < 0) {
                end++;
            }
            String key = line.substring(0, end);
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            if (!PLAIN_KEY.matcher(key).matches()) {
                throw propertyRefused(pid, key, "policy.config-key-not-plain");
            }
            if (RESERVED_KEY_PREFIXES.stream().anyMatch(lower::startsWith)) {
                throw propertyRefused(pid, key, "policy.config-key-reserved");
            }
            // ${...}: Karaf's and Felix's substitution; $[...]: Configuration Admin's interpolation
            // plugin ($[env:...], $[prop:...], $[secret:...]).
            if (line.contains("${") || line.contains("$[")) {
                throw propertyRefused(pid, key, "policy.config-interpolated");
            }
        }
    }

    /** {@code what} refused in the configuration {@code pid}, for the reason the text {@code reason} gives. */
    private static PolicyViolation propertyRefused(String pid, String what, String reason) {
        return new PolicyViolation(400, "config_property_not_allowed", "policy.config-property-not-allowed", pid, what,
                TrustTexts.message(reason));
    }

    private static PolicyViolation attributeRefused(Element element, String attribute) {
        return new PolicyViolation(400, "features_attribute_not_allowed", "policy.features-attribute-not-allowed",
                attribute, element.getNodeName());
    }
}
