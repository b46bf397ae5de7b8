package dev.shallowpi.report;

import java.util.Locale;

/** The few SVG shapes the charts draw, with their styles inline (the page needs no stylesheet for them). */
final class Svg {
    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height, String title) {
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\">", width, height, width, height));
        sb.append("<title>").append(Html.escape(title)).append("</title>");
        sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
                width, height));
    }

    void frame(double x, double y, double w, double h) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"none\" stroke=\"#444\"/>", x, y, w, h));
    }

    void line(double xa, double ya, double xb, double yb, String kind) {
        String style = kind.equals("grid") ? "stroke=\"#ddd\"" : "stroke=\"#444\"";
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>", xa, ya, xb,
                yb, style));
    }

    void polyline(String points, String colour) {
        sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                .append(points).append("\"/>");
    }

    void circle(double x, double y, double r, String colour, boolean filled) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"2\" fill=\"%s\"/>", x, y, r, colour, filled ? colour : "#fff"));
    }

    void diamond(double x, double y, double r) {
        sb.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
                + "fill=\"#000\"/>", x, y - r, x + r, y, x, y + r, x - r, y));
    }

    void rect(double x, double y, double w, double h, String colour) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"%s\"/>", x, y, w, h, colour));
    }

    void text(double x, double y, String text, String anchor, String kind) {
        String size = switch (kind) {
            case "title" -> "font-size=\"15\" font-weight=\"bold\"";
            case "axis" -> "font-size=\"13\"";
            case "label" -> "font-size=\"10\" fill=\"#333\"";
            default -> "font-size=\"11\"";
        };
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>", x, y, anchor, size))
                .append(Html.escape(text)).append("</text>");
    }

    void verticalText(double x, double y, String text, String kind) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
                + "transform=\"rotate(-90 %.1f %.1f)\">", x, y, x, y)).append(Html.escape(text)).append("</text>");
    }

    /** A legend entry: a marker and its name. */
    void legend(double x, double y, String colour, String name, boolean diamond) {
        if (diamond) {
            diamond(x + 6, y - 4, 6);
        } else {
            rect(x, y - 10, 12, 12, colour);
        }
        text(x + 18, y, name, "start", "tick");
    }

    String end() {
        return sb.append("</svg>").toString();
    }
}
