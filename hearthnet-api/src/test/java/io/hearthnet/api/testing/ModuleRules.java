package io.hearthnet.api.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The design guide's dependency rule, as a check on a module's own {@code pom.xml}: which HearthNet
 * modules it depends on in main scope (compile or runtime). Tests run with the module directory as
 * the working directory.
 */
public final class ModuleRules {
    private ModuleRules() {}

    /** The HearthNet artifacts the module in the working directory depends on in main scope. */
    public static List<String> mainScopeHearthNetDependencies() throws Exception {
        Path pom = Path.of("pom.xml");
        if (!Files.exists(pom)) {
            throw new IllegalStateException("no pom.xml in " + Path.of("").toAbsolutePath());
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        List<String> found = new ArrayList<>();
        for (Element deps : children(project, "dependencies")) {
            for (Element dep : children(deps, "dependency")) {
                String group = text(dep, "groupId");
                String scope = text(dep, "scope");
                if ("io.hearthnet".equals(group) && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                    found.add(text(dep, "artifactId"));
                }
            }
        }
        return found;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }
}
