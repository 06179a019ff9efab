package dev.hac.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, for end-of-run summaries. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(final String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    TextTable row(final Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        final String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(final PrintWriter out) {
        final int[] width = new int[columns];
        for (final String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            final StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? rows.get(n)[i] : String.format("%-" + (width[i] + 2) + "s", rows.get(n)[i]));
            }
            out.println(line.toString().stripTrailing());
            if (n == 0) {
                final StringBuilder rule = new StringBuilder("  ");
                for (int i = 0; i < columns; i++) {
                    rule.append("-".repeat(width[i])).append(i == columns - 1 ? "" : "  ");
                }
                out.println(rule);
            }
        }
        out.flush();
    }
}
