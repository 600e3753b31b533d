package com.luckydraw.admin.rounds;

import com.luckydraw.admin.metrics.KeyFigure;
import com.luckydraw.admin.metrics.KeyFigures;
import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.JsonRows;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reads the rounds from lottery-service ({@code GET /admin/rounds}) and its lock meters, and orders the rounds
 * fullest first: the rounds close to selling out are where purchases contend for the lock.
 */
@Component
public class ReadingHotRounds {

    static final String LOCK_WAIT = "luckydraw_lottery_lock_wait_seconds";
    static final String LOCK_FAILURES = "luckydraw_lottery_lock_failures_total";

    private final MonitoredServices services;
    private final ServiceClient client;
    private final ReadingServiceMetrics metrics;

    public ReadingHotRounds(MonitoredServices services, ServiceClient client, ReadingServiceMetrics metrics) {
        this.services = services;
        this.client = client;
        this.metrics = metrics;
    }

    public HotRoundsView read() {
        MonitoredService lottery = services.named(services.lotteryService()).orElse(null);
        if (lottery == null) {
            return new HotRoundsView(null, List.of(), List.of(), null, null,
                    List.of("no service named " + services.lotteryService() + " is configured"));
        }
        List<Callable<Object>> calls = List.of(() -> client.json(lottery.url() + "/admin/rounds"),
                () -> metrics.of(lottery));
        List<Object> answers = client.all(calls);
        @SuppressWarnings("unchecked")
        Fetched<Object> roundsAnswer = (Fetched<Object>) answers.get(0);
        ServiceMetrics meters = (ServiceMetrics) answers.get(1);

        List<String> errors = new ArrayList<>();
        JsonRows rows = JsonRows.of(null);
        if (roundsAnswer.ok()) {
            rows = JsonRows.of(roundsAnswer.value());
        } else {
            errors.add("rounds: " + roundsAnswer.error());
        }
        if (meters.error() != null) {
            errors.add("lock meters: " + meters.error());
        }
        String idColumn = rows.firstColumn("roundId", "id", "round");
        String soldColumn = rows.firstColumn("sold", "soldShares", "sharesSold");
        String totalColumn = rows.firstColumn("total", "totalShares", "shares", "capacity");
        List<HotRound> rounds = new ArrayList<>();
        for (Map<String, Object> row : rows.rows()) {
            String id = idColumn == null ? "" : JsonRows.text(row.get(idColumn));
            rounds.add(new HotRound(id, row, number(row.get(soldColumn)), number(row.get(totalColumn)),
                    perRoundWait(meters, id), perRoundFailures(meters, id)));
        }
        rounds.sort(Comparator.comparingDouble(HotRound::fill).reversed()
                .thenComparing(r -> r.sold() == null ? 0 : -r.sold()));
        List<KeyFigure> figures = KeyFigures.of(meters);
        return new HotRoundsView(lottery.url(), rows.columns(), rounds, figure(figures, LOCK_WAIT),
                figure(figures, LOCK_FAILURES), errors);
    }

    private static String figure(List<KeyFigure> figures, String meter) {
        return figures.stream().filter(f -> f.meter().equals(meter)).findFirst().map(KeyFigure::value).orElse(null);
    }

    private static String perRoundWait(ServiceMetrics meters, String round) {
        ServiceMetrics.Timing timing = meters.timing(LOCK_WAIT, s -> round.equals(s.label("round")));
        return timing == null ? null : KeyFigures.millis(timing);
    }

    private static String perRoundFailures(ServiceMetrics meters, String round) {
        var sum = meters.sum(LOCK_FAILURES, s -> round.equals(s.label("round")));
        return sum.isPresent() ? KeyFigures.number(sum.getAsDouble()) : null;
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
