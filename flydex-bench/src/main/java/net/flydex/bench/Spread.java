package net.flydex.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median with min and max: a few repeated runs, summarized without hiding the outliers. */
record Spread(double median, double min, double max) {
    private static final double HALF = 2.0;

    static <T> Spread of(List<T> samples, ToDoubleFunction<T> figure) {
        double[] sorted = samples.stream().mapToDouble(figure).sorted().toArray();
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / HALF;
        return new Spread(median, sorted[0], sorted[sorted.length - 1]);
    }

    /** "median (min–max)", or n/a when the figure could not be measured here. */
    String format(String numberFormat) {
        if (Double.isNaN(median)) {
            return "n/a";
        }
        return numberFormat.formatted(median) + " (" + numberFormat.formatted(min) + "–" + numberFormat.formatted(max) + ")";
    }
}
