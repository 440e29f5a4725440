package be.imio.platform.repository.internal.inspection;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import be.imio.platform.trust.SafeXml;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/**
 * Checks a {@code .pom} before it is released, whether uploaded alone or carried by a .kar: a
 * well-formed Maven project (no DOCTYPE) whose coordinates are those of its path. A pom that says
 * it is another group's artifact would be read by Maven as that artifact's.
 */
public final class PomInspection {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

    private PomInspection() {
    }

    /**
     * Refuses {@code pom} unless its groupId, artifactId and version (or its parent's) are the path's;
     * answers its packaging ({@code jar} when it names none).
     */
    public static String inspect(Path pom, MavenPath maven) throws ReleaseRefused {
        Document document;
        try {
            document = SafeXml.parse(pom);
        } catch (Exception e) {
            throw new ReleaseRefused(400, "bad_pom", "release.pom_not_xml");
        }
        Element project = document.getDocumentElement();
        if (!"project".equals(project.getLocalName())) {
            throw new ReleaseRefused(400, "bad_pom", "release.pom_no_project");
        }
        Element parent = child(project, "parent");
        // Maven inherits the group and the version from the parent when the project does not say them.
        String groupId = text(project, "groupId", parent);
        String artifactId = text(project, "artifactId", null);
        String version = text(project, "version", parent);
        Element properties = child(project, "properties");
        if (!same(maven.groupId(), groupId, properties) || !maven.artifactId().equals(artifactId)
                || !same(maven.version(), version, properties)) {
            String said = groupId + ":" + artifactId + ":" + version;
            String path = maven.groupId() + ":" + maven.artifactId() + ":" + maven.version();
            throw new ReleaseRefused(400, "pom_mismatch", "release.pom_mismatch", said, path);
        }
        refuseSnapshots(project, parent, properties);
        refuseSystemDependencies(project);
        String packaging = text(project, "packaging", null);
        return packaging == null || packaging.isEmpty() ? "jar" : resolve(packaging, properties);
    }

    /**
     * Refuses a released pom that names a SNAPSHOT Maven must fetch to read it or to resolve what
     * depends on it: its parent, a BOM it imports, a compile or runtime dependency. No repository
     * keeps a SNAPSHOT for ever, and none is released here, so whoever depends on the module could
     * not resolve it; a module's build deploys a flattened pom (flatten-maven-plugin) instead.
     */
    private static void refuseSnapshots(Element project, Element parent, Element properties) throws ReleaseRefused {
        if (parent != null && isSnapshot(text(parent, "version", null), properties)) {
            throw new ReleaseRefused(400, "snapshot_in_pom", "release.pom_snapshot_parent", coordinates(parent, properties));
        }
        for (String section : new String[] {"dependencies", "dependencyManagement"}) {
            Element holder = child(project, section);
            if (holder != null && section.equals("dependencyManagement")) {
                holder = child(holder, "dependencies");
            }
            if (holder == null) {
                continue;
            }
            for (Node node = holder.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (!(node instanceof Element dependency) || !"dependency".equals(dependency.getLocalName())) {
                    continue;
                }
                String scope = text(dependency, "scope", null);
                boolean resolved = section.equals("dependencyManagement") ? "import".equals(scope)
                        : scope == null || scope.equals("compile") || scope.equals("runtime");
                if (resolved && isSnapshot(text(dependency, "version", null), properties)) {
                    throw new ReleaseRefused(400, "snapshot_in_pom", "release.pom_snapshot_dependency",
                            coordinates(dependency, properties));
                }
            }
        }
    }

    /**
     * Refuses a dependency of scope {@code system}: its jar is a path on the build's machine, which
     * whoever depends on the module does not have (Maven then calls the pom invalid and drops its
     * dependencies). In the pom's own dependencies and in a profile active by default; a profile
     * that the build alone activates (by a property it sets) is not read by consumers.
     */
    private static void refuseSystemDependencies(Element project) throws ReleaseRefused {
        List<Element> holders = new java.util.ArrayList<>();
        holders.add(child(project, "dependencies"));
        Element profiles = child(project, "profiles");
        for (Node node = profiles == null ? null : profiles.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element profile && "profile".equals(profile.getLocalName())) {
                Element activation = child(profile, "activation");
                if (activation != null && "true".equals(text(activation, "activeByDefault", null))) {
                    holders.add(child(profile, "dependencies"));
                }
            }
        }
        for (Element holder : holders) {
            for (Node node = holder == null ? null : holder.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element dependency && "dependency".equals(dependency.getLocalName())
                        && "system".equals(text(dependency, "scope", null))) {
                    String what = text(dependency, "groupId", null) + ":" + text(dependency, "artifactId", null);
                    throw new ReleaseRefused(400, "system_dependency_in_pom", "release.pom_system_dependency", what);
                }
            }
        }
    }

    private static boolean isSnapshot(String version, Element properties) {
        return version != null && resolve(version, properties).endsWith("-SNAPSHOT");
    }

    private static String coordinates(Element element, Element properties) {
        return resolve(text(element, "groupId", null) + ":" + text(element, "artifactId", null) + ":"
                + text(element, "version", null), properties);
    }


    /** {@code text} with each {@code ${property}} the pom defines replaced by its value. */
    private static String resolve(String text, Element properties) {
        Matcher expression = EXPRESSION.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (expression.find()) {
            Element property = properties == null ? null : child(properties, expression.group(1));
            expression.appendReplacement(resolved, Matcher.quoteReplacement(property == null ? expression.group()
                    : property.getTextContent().strip()));
        }
        expression.appendTail(resolved);
        return resolved.toString();
    }

    /**
     * True when {@code said} is {@code expected}, also once each {@code ${property}} is replaced by
     * the pom's own property. A value that is one property the pom does not define is accepted:
     * Maven leaves it as it is (with a warning), so it names no other artifact; {@code mvn deploy
     * -Dversion.x=1.0.0} uploads such poms.
     */
    private static boolean same(String expected, String said, Element properties) {
        if (said == null) {
            return false;
        }
        Matcher expression = EXPRESSION.matcher(said);
        StringBuilder resolved = new StringBuilder();
        while (expression.find()) {
            Element property = properties == null ? null : child(properties, expression.group(1));
            if (property == null) {
                return expression.group().equals(said);
            }
            expression.appendReplacement(resolved, Matcher.quoteReplacement(property.getTextContent().strip()));
        }
        expression.appendTail(resolved);
        return expected.equals(resolved.toString());
    }

    private static String text(Element project, String name, Element parent) {
        Element own = child(project, name);
        if (own == null && parent != null) {
            own = child(parent, name);
        }
        return own == null ? null : own.getTextContent().strip();
    }

    private static Element child(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
