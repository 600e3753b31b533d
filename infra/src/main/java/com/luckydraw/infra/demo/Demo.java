package com.luckydraw.infra.demo;

import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.infra.process.ServiceAdmin;
import com.luckydraw.infra.terminal.TerminalEnrolment;
import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.infra.process.Service;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo after the services are up (infra/bin/run starts them): creates this run's users and rounds over the
 * services' admin APIs, publishes the {@link DemoStream}, waits until every order has ended, and prints the
 * {@link DemoSummary}. Exits 0 when every order ended, 1 otherwise; the audit runs after it.
 *
 * <p>Arguments: {@code [--purchases N] [--seed N] [--run-id ID] [--timeout SECONDS]}. Environment: the services'
 * ports ({@code WALLET_PORT}, {@code LOTTERY_PORT}, {@code ORDER_PORT}), {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code LUCKYDRAW_TOPICS_NAMESPACE}, and the audit's database settings ({@code PGHOST}, {@code PGPORT},
 * {@code AUDITOR_DB_PASSWORD}).
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) {
        DemoStream.Options options = DemoStream.Options.defaults();
        String runId = RunIds.next();
        Duration timeout = Duration.ofMinutes(3);
        boolean explore = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--purchases" -> options = new DemoStream.Options(Integer.parseInt(value), options.duplicateRate(),
                        options.freeTryRate(), options.seed(), options.ratePerSecond());
                case "--seed" -> options = new DemoStream.Options(options.purchases(), options.duplicateRate(),
                        options.freeTryRate(), Long.parseLong(value), options.ratePerSecond());
                case "--run-id" -> runId = value;
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                case "--explore" -> {
                    explore = true;
                    i--;
                }
                default -> {
                    System.err.println("usage: Demo [--purchases N] [--seed N] [--run-id ID] [--timeout SECONDS]"
                            + " [--explore]");
                    System.exit(2);
                }
            }
            i++;
        }
        System.exit(run(runId, options, timeout, explore, System.out) ? 0 : 1);
    }

    /**
     * Runs the demo; returns whether every order ended within the timeout. With {@code explore}, ends with commands
     * to look at this run's data in the services that keep running.
     */
    public static boolean run(String runId, DemoStream.Options options, Duration timeout, boolean explore,
            PrintStream out) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        var setup = new DemoSetup(url(Service.WALLET), url(Service.LOTTERY));
        out.println("run " + runId + ": creating users and rounds over the admin APIs");
        DemoPlan plan = setup.create(runId, options.purchases(), out);

        try (var orderEvents = new TopicFollower<>(bootstrap, Topics.ORDER_EVENTS.name(), OrderEvent.class);
             var lotteryEvents = new TopicFollower<>(bootstrap, Topics.LOTTERY_EVENTS.name(), LotteryEvent.class)) {
            // The demo's terminals are registered (or rotated) with order-service; their keys live in this process.
            var terminals = new TerminalEnrolment(url(Service.ORDER), ServiceAdmin.fromEnvironment())
                    .enrol(DemoStream.TERMINALS);
            out.println("  terminals " + terminals.posIds() + " registered with order-service");
            DemoStream.Result stream = new DemoStream(bootstrap, Topics.PURCHASE_REQUESTS.name(), terminals)
                    .publish(plan, options, out);
            var outcomes = new DemoOutcomes(stream.purchases());
            out.println("waiting until every order is COMPLETED or CANCELLED (at most " + timeout.toSeconds() + " s)");
            boolean ended = outcomes.await(orderEvents, timeout, out);
            Map<Long, RoundDrawn> draws = awaitDraws(plan, lotteryEvents, Duration.ofSeconds(20));
            new DemoSummary(plan, stream, outcomes, draws, AuditConfig.fromEnvironment(""),
                    Topics.PURCHASE_REQUESTS.name()).print(out);
            if (!ended) {
                out.println("NOT every order ended within " + timeout.toSeconds() + " s; see the services' logs");
            }
            if (explore) {
                printExplore(plan, stream, out);
            }
            return ended;
        }
    }

    /** The draws of this run's rounds published so far, waiting a little for the sold-out rounds' draws. */
    private static Map<Long, RoundDrawn> awaitDraws(DemoPlan plan, TopicFollower<LotteryEvent> events,
            Duration timeout) {
        Map<Long, RoundDrawn> draws = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long smallRounds = plan.rounds().stream().filter(DemoPlan.Round::small).count();
        do {
            for (LotteryEvent event : events.poll(Duration.ofMillis(500))) {
                if (event instanceof RoundDrawn drawn && plan.rounds().stream().anyMatch(r -> r.id() == drawn.roundId())) {
                    draws.put(drawn.roundId(), drawn);
                }
            }
        } while (draws.size() < smallRounds && System.nanoTime() < deadline);
        return draws;
    }

    private static void printExplore(DemoPlan plan, DemoStream.Result stream, PrintStream out) {
        DemoPlan.User user = plan.users().get(0);
        DemoPlan.Round small = plan.rounds().get(0);
        var purchase = stream.purchases().get(0);
        out.println();
        out.println("explore this run (the services keep running):");
        out.println("  # /admin/** and a user's wallet need the operators' login, SERVICE_ADMIN_USER /"
                + " SERVICE_ADMIN_PASSWORD (infra/bin/run says where it is), or a registered terminal's:");
        // The login from the netrc file infra/bin/run wrote (mode 600): never in curl's argv.
        String admin = "  curl -s --netrc-file " + com.luckydraw.infra.process.GeneratedSecrets.file()
                .resolveSibling("services.netrc") + " ";
        out.println(admin + url(Service.WALLET) + "/wallets/" + user.id());
        out.println(admin + "'" + url(Service.WALLET) + "/wallets/" + user.id() + "/ledger?limit=5'");
        out.println(admin + url(Service.LOTTERY) + "/admin/rounds/" + small.id());
        out.println(admin + url(Service.LOTTERY) + "/admin/rounds/" + small.id() + "/draw");
        out.println(admin + url(Service.ORDER) + "/admin/orders/" + purchase.orderId()
                + "        # " + purchase.posId() + "/" + purchase.bizId());
        out.println(admin + url(Service.ORDER) + "/admin/orders/stuck");
    }

    private static String url(Service service) {
        return "http://127.0.0.1:" + service.portFromEnvironment();
    }
}
