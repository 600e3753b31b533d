package com.luckydraw.admin.trends;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the dashboard keeps its trends, under {@code luckydraw.admin.trends}.
 *
 * @param interval how often every service's meters and every database's lock waits are sampled
 * @param window   how far back the charts reach; the history holds {@code window / interval} points
 */
@ConfigurationProperties("luckydraw.admin.trends")
public record TrendSettings(Duration interval, Duration window) {

    public TrendSettings {
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        window = window == null ? Duration.ofHours(1) : window;
        if (interval.isZero() || interval.isNegative() || window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("trends need a positive interval no longer than their window, not "
                    + interval + " and " + window);
        }
    }

    /** Points for the whole window, plus the one the window starts from. */
    public int capacity() {
        return (int) Math.max(2, window.toMillis() / interval.toMillis() + 1);
    }
}
