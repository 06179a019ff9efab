package dev.hac.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Percentile plot of the simulation's waits, the way HdrHistogram plots are read: x is {@code 1/(1-p)} on a log
 * axis (10 = p90, 100 = p99, 1000 = p99.9), y the wait in microseconds; released frames on top, ordinary below.
 */
public final class PriorityPlot {

    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c)};

    private PriorityPlot() {
    }

    /** Writes a PNG to {@code file} (parent directories created); runs headless. */
    public static void write(final List<PrioritySimulation.Outcome> outcomes, final String subtitle, final Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        final LogAxis percentile = new LogAxis("1/(1-percentile)   (10 = p90, 100 = p99, 1000 = p99.9)");
        percentile.setSmallestValue(1);
        percentile.setBase(10);
        percentile.setTickUnit(new NumberTickUnit(1.0));
        percentile.setMinorTickCount(9);
        percentile.setNumberFormatOverride(new DecimalFormat("#,##0"));
        final CombinedDomainXYPlot plot = new CombinedDomainXYPlot(percentile);
        plot.add(subplot("released frames: wait release->wire (us)", outcomes, true), 1);
        final XYPlot ordinary = subplot("ordinary frames: wait emit->wire (us)", outcomes, false);
        // Both subplots use the same colours per discipline: one legend is enough.
        ordinary.getRenderer().setDefaultSeriesVisibleInLegend(false);
        plot.add(ordinary, 1);
        final JFreeChart chart = new JFreeChart("NIC transmit priority: " + subtitle,
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 800);
    }

    private static XYPlot subplot(final String title, final List<PrioritySimulation.Outcome> outcomes,
                                  final boolean releasedClass) {
        final XYSeriesCollection data = new XYSeriesCollection();
        for (final PrioritySimulation.Outcome o : outcomes) {
            data.addSeries(series(o.discipline(), releasedClass ? o.released() : o.ordinary()));
        }
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < outcomes.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        final XYPlot p = new XYPlot(data, null, new NumberAxis(title), renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    private static XYSeries series(final String name, final Histogram h) {
        final XYSeries s = new XYSeries(name, false, true);
        if (h.getTotalCount() == 0) {
            return s;
        }
        for (final HistogramIterationValue v : h.percentiles(5)) {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 0.99999) {
                break;
            }
            s.add(1 / (1 - p), v.getValueIteratedTo() / 1e3);
        }
        s.add(100_000, h.getMaxValue() / 1e3);
        return s;
    }
}
