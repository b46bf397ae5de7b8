package dev.shallowpi.report;

/**
 * A page written as polyglot markup: valid HTML5 that is also well-formed XML (every element closed, only the
 * five XML entities), so that browsers render it and tests can parse it with the JDK's XML parser.
 */
final class Html {
    private final StringBuilder sb = new StringBuilder();

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code <tag a="v" ...>}: attributes as name, value pairs; a null value leaves the attribute out. */
    Html open(String tag, String... attributes) {
        sb.append('<').append(tag);
        attributes(attributes);
        sb.append('>');
        return this;
    }

    Html close(String tag) {
        sb.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag ...>text</tag>}, the text escaped. */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** {@code <tag .../>}. */
    Html empty(String tag, String... attributes) {
        sb.append('<').append(tag);
        attributes(attributes);
        sb.append("/>");
        return this;
    }

    Html text(String text) {
        sb.append(escape(text));
        return this;
    }

    /** Markup made elsewhere (an SVG chart), inserted as it is. */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    Html newline() {
        sb.append('\n');
        return this;
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                sb.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
