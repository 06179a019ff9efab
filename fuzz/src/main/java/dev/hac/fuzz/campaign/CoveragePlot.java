package dev.hac.fuzz.campaign;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Branches of the code under test over time, one step line per campaign. */
public final class CoveragePlot {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd)};

    private CoveragePlot() {
    }

    /** Writes a PNG to {@code file} (parent directories created); runs headless. */
    public static void write(final List<CoverageTimeline.Series> series, final double seconds, final String title,
                             final Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final XYSeriesCollection data = new XYSeriesCollection();
        final XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < series.size(); i++) {
            final CoverageTimeline.Series s = series.get(i);
            final XYSeries xy = new XYSeries(s.name(), true, true);
            xy.add(0, 0);
            for (final CoverageTimeline.Point p : s.points()) {
                xy.add(p.seconds(), p.branches());
            }
            // Flat to the end of the campaign: no new coverage is the finding at the right of the plot.
            xy.add(seconds, s.finalBranches());
            data.addSeries(xy);
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        final XYPlot plot = new XYPlot(data, new NumberAxis("seconds since the campaign started"),
                new NumberAxis("branches of the code under test covered"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 600);
    }
}
