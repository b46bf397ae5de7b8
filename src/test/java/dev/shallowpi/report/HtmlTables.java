package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a report.html (polyglot markup, so the JDK's XML parser reads it) and checks its tables against the JSON
 * they were made from: every numeric cell names a key, its exact value equals the JSON's, and the text shown is
 * that value to the precision shown.
 */
public final class HtmlTables {
    private static final Pattern SHOWN = Pattern.compile(
            "^(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(%|x| points| ([kMGTmunp]?)(s|B))?$");

    private HtmlTables() {
    }

    public static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(html.toFile());
    }

    /** The table with this id. */
    public static Element table(Document doc, String id) {
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (id.equals(t.getAttribute("id"))) {
                return t;
            }
        }
        throw new AssertionError("no table '" + id + "'");
    }

    /** Rows of a table, each the list of its cells (th and td) in order. */
    public static List<List<Element>> rows(Element table) {
        List<List<Element>> rows = new ArrayList<>();
        NodeList trs = table.getElementsByTagName("tr");
        for (int i = 0; i < trs.getLength(); i++) {
            List<Element> cells = new ArrayList<>();
            NodeList children = trs.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                if (children.item(j) instanceof Element e && (e.getTagName().equals("td") || e.getTagName().equals("th"))) {
                    cells.add(e);
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Checks every numeric cell of the table against {@code json}; returns how many it checked. */
    public static int assertMatches(Element table, JsonNode json) {
        int checked = 0;
        NodeList tds = table.getElementsByTagName("td");
        for (int i = 0; i < tds.getLength(); i++) {
            Element td = (Element) tds.item(i);
            String text = td.getTextContent().strip();
            if (!td.getAttribute("class").equals("num")) {
                continue;
            }
            String key = td.getAttribute("data-key");
            assertFalse(key.isEmpty(), "numeric cell '" + text + "' names no key");
            JsonNode v = at(json, key);
            assertNotNull(v, key + " is not in the JSON");
            assertTrue(v.isNumber(), key);
            assertEquals(v.asDouble(), Double.parseDouble(td.getAttribute("data-v")), 0, key);
            assertShown(text, v.asDouble(), key, v.isIntegralNumber());
            checked++;
        }
        return checked;
    }

    /** The value at {@code a.b[2].c}. */
    public static JsonNode at(JsonNode root, String key) {
        JsonNode n = root;
        for (String part : key.replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.isArray() ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        return n;
    }

    /** The shown text is the value: a count exactly, a percentage or ratio to 2 decimals, SI to 3 digits. */
    static void assertShown(String text, double value, String key, boolean integral) {
        Matcher m = SHOWN.matcher(text);
        assertTrue(m.matches(), key + ": '" + text + "' is not a number as the report writes one");
        double shown = Double.parseDouble(m.group(1).replace(",", ""));
        String unit = m.group(2);
        if (unit == null) {
            assertTrue(integral, key + ": a plain number shows a count");
            assertEquals(value, shown, 0, key);
        } else if (unit.equals("%")) {
            assertEquals(100 * value, shown, 0.005 + 1e-9, key + " " + text);
        } else if (unit.equals("x") || unit.equals(" points")) {
            assertEquals(value, shown, 0.005 + 1e-9, key + " " + text);
        } else {
            String prefix = m.group(3);
            double scale = Math.pow(1000, "kMGT".indexOf(prefix.isEmpty() ? "?" : prefix) + 1);
            if (!prefix.isEmpty() && "munp".contains(prefix)) {
                scale = Math.pow(1000, -("munp".indexOf(prefix) + 1));
            }
            double rel = value == 0 ? Math.abs(shown) : Math.abs(shown * scale - value) / Math.abs(value);
            assertTrue(rel <= 0.005 + 1e-9, key + ": '" + text + "' is not " + value);
        }
    }
}
