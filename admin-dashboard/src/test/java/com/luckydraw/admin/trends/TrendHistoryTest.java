package com.luckydraw.admin.trends;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendHistoryTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private static TrendPoint point(int second) {
        return new TrendPoint(START.plusSeconds(second), Map.of("purchases", Map.of("completed", (double) second)));
    }

    @Test
    void keepsOnlyTheNewestPointsOldestFirstOnceFull() {
        TrendHistory history = new TrendHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.add(point(i));
        }

        assertThat(history.points()).extracting(p -> p.value("purchases", "completed")).containsExactly(3.0, 4.0, 5.0);
    }

    @Test
    void givesThePointsAddedSoFarBeforeItIsFull() {
        TrendHistory history = new TrendHistory(3);
        history.add(point(1));

        assertThat(history.points()).extracting(TrendPoint::at).containsExactly(START.plusSeconds(1));
    }

    @Test
    void anHourSampledEveryTenSecondsHoldsTheWholeHour() {
        TrendSettings settings = new TrendSettings(Duration.ofSeconds(10), Duration.ofHours(1));

        assertThat(settings.capacity()).isEqualTo(361);
    }

    @Test
    void refusesAnIntervalLongerThanTheWindow() {
        assertThatThrownBy(() -> new TrendSettings(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no longer than their window");
    }
}
