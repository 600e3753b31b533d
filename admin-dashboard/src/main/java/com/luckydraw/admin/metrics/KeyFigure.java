package com.luckydraw.admin.metrics;

/**
 * One figure on the dashboard, e.g. "Dead letters: 3".
 *
 * @param value the figure as shown, or null when the service does not report the meter (yet)
 * @param meter the Prometheus name it comes from, shown as a hint
 */
public record KeyFigure(String label, String value, String meter) {

    public boolean reported() {
        return value != null;
    }
}
