package net.flydex.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Markdown table, padded so it also reads well in a terminal and pastes into the docs as is. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != rows.getFirst().length) {
            throw new IllegalArgumentException("a row needs " + rows.getFirst().length + " cells");
        }
        rows.add(cells);
        return this;
    }

    /** The first column (names) is left-aligned, the figures right-aligned. */
    String render() {
        int[] widths = new int[rows.getFirst().length];
        rows.forEach(row -> Arrays.setAll(widths, i -> Math.max(widths[i], row[i].length())));
        var out = new StringBuilder();
        line(out, rows.getFirst(), widths);
        String[] rule = new String[widths.length];
        Arrays.setAll(rule, i -> i == 0 ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":");
        line(out, rule, widths);
        rows.subList(1, rows.size()).forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        out.append("|");
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            out.append(' ').append(i == 0 ? cells[i] + pad : pad + cells[i]).append(" |");
        }
        out.append('\n');
    }
}
