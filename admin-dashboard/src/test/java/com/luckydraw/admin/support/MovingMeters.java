package com.luckydraw.admin.support;

import java.util.Locale;

/**
 * Meters on the fake services that move from one step to the next as under load: purchases counted by outcome,
 * saga step latencies filling histogram buckets, consumer lag, outbox backlog and age, dead letters on a topic.
 * Each {@link #step()} is what ten seconds of a busy system add. {@link #clear()} puts the fakes back as they were
 * (the other tests read their usual figures).
 */
public final class MovingMeters {

    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25};

    private final FakeServices fakes;
    private int step;
    // Counters new to the scrape start at zero, as Micrometer's do.
    private double completed;
    private double cancelled;
    private final double[] debit = new double[BOUNDS.length + 1];
    private final double[] allocate = new double[BOUNDS.length + 1];

    public MovingMeters(FakeServices fakes) {
        this.fakes = fakes;
    }

    public void step() {
        step++;
        completed += 30 + 12 * Math.sin(step / 2.0) + step;
        cancelled += step % 4 == 0 ? 3 : 1;
        // Most steps are quick; a slow tail that grows with the load.
        fill(debit, new double[]{20, 40, 25, 10, 4, 1, step % 3});
        fill(allocate, new double[]{5, 20, 40, 20, 10, step, 1});
        StringBuilder order = new StringBuilder();
        order.append(line("luckydraw_purchases_total{application=\"order-service\",outcome=\"completed\"}", completed));
        order.append(line("luckydraw_purchases_total{application=\"order-service\",outcome=\"cancelled\"}", cancelled));
        buckets(order, "debit", debit);
        buckets(order, "allocate", allocate);
        order.append(line("luckydraw_kafka_consumer_lag{application=\"order-service\",group=\"order-service\"}",
                5 + (step * 7) % 20));
        order.append(line("luckydraw_outbox_backlog{application=\"order-service\",instance=\"2\"}",
                2 + (step * 13) % 30));
        order.append(line("luckydraw_outbox_oldest_unsent_age_seconds{application=\"order-service\"}",
                0.2 * (step % 5)));
        order.append(line("luckydraw_dead_letters_total{application=\"order-service\",consumer=\"order-service\","
                + "topic=\"luckydraw.order.requests\"}", Math.max(0, step - 3)));
        fakes.order.moreMeters(order.toString());
        fakes.wallet.moreMeters(line("luckydraw_kafka_consumer_lag{application=\"wallet-service\",group=\"wallet-service\"}",
                (step * 3) % 15) + line("luckydraw_outbox_oldest_unsent_age_seconds{application=\"wallet-service\"}", 0));
        fakes.lottery.moreMeters(line("luckydraw_kafka_consumer_lag{application=\"lottery-service\",group=\"lottery-service\"}",
                Math.max(0, 40 - 3 * step)));
    }

    public void clear() {
        fakes.all().forEach(service -> service.moreMeters(""));
    }

    private static void fill(double[] cumulative, double[] added) {
        double running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += added[i];
            cumulative[i] += running;
        }
    }

    private static void buckets(StringBuilder text, String step, double[] cumulative) {
        for (int i = 0; i < cumulative.length; i++) {
            String le = i < BOUNDS.length ? String.valueOf(BOUNDS[i]) : "+Inf";
            text.append(line("luckydraw_saga_step_latency_seconds_bucket{application=\"order-service\",step=\"" + step
                    + "\",le=\"" + le + "\"}", cumulative[i]));
        }
    }

    private static String line(String series, double value) {
        return series + " " + String.format(Locale.ROOT, "%.3f", value) + "\n";
    }
}
