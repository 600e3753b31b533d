package com.luckydraw.lottery;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another instance of the service in this JVM: its own application context (own connection pool, Redisson client,
 * round locks and metrics) on the same database, Kafka and, unless told otherwise, Redis as the tests' context. It
 * serves HTTP on a free port and does not join the commands consumer group, so it never takes partitions from the
 * shared test context.
 */
public final class LotteryInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private LotteryInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance; {@code properties} override the test configuration (command-line precedence). */
    public static LotteryInstance start(Map<String, String> properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--luckydraw.lottery.listener-auto-startup=false", "--spring.datasource.hikari.maximum-pool-size=10"));
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new LotteryInstance(new SpringApplicationBuilder(LotteryApplication.class)
                .run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
