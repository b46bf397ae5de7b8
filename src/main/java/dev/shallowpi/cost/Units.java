package dev.shallowpi.cost;

import java.util.Locale;

/** Numbers for people: {@code 400 Mbit/s}, {@code 660 MB}, {@code 40 ms}. */
public final class Units {
    private Units() {
    }

    /**
     * Three significant digits, a space, an SI prefix (k, M, G, T; m, u, n below 1) and the unit; seconds get no
     * prefix above 1 and are rounded to whole seconds from 100 on.
     */
    public static String of(double v, String unit) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return (v == 0 ? "0" : Double.toString(v)) + " " + unit;
        }
        String[] up = {"", "k", "M", "G", "T", "P"};
        String[] down = {"", "m", "u", "n", "p"};
        // rounded to three digits first, so that 999.7 becomes 1.00 k rather than 1000
        double a = Double.parseDouble(String.format(Locale.ROOT, "%.2e", Math.abs(v)));
        int i = 0;
        if (a >= 1) {
            // seconds read best unprefixed: 1,040 s, not 1.04 ks
            while (a >= 1000 && i < up.length - 1 && !unit.equals("s")) {
                a /= 1000;
                i++;
            }
            return sig3(Math.copySign(a, v)) + " " + up[i] + unit;
        }
        while (a < 1 && i < down.length - 1) {
            a *= 1000;
            i++;
        }
        return sig3(Math.copySign(a, v)) + " " + down[i] + unit;
    }

    private static String sig3(double v) {
        double a = Math.abs(v);
        String s = a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
