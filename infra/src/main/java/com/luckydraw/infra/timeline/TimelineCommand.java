package com.luckydraw.infra.timeline;

import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.kafka.KafkaLogin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code infra/bin/timeline <posId> <bizId>}: one purchase's path through the system, in time order. Exit codes: 0
 * something was found, 1 nothing at all for this purchase, 2 bad arguments or a database or the broker unreachable.
 */
public final class TimelineCommand {

    static final String USAGE = """
            usage: timeline <posId> <bizId> [--json] [--no-kafka] [--test-databases]
                            [--bootstrap-server host:port] [--namespace name]""";

    private TimelineCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        boolean json = false;
        boolean kafka = true;
        String suffix = "";
        String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String namespace = environment.getOrDefault("LUCKYDRAW_TOPICS_NAMESPACE", "luckydraw");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--json" -> json = true;
                    case "--no-kafka" -> kafka = false;
                    case "--test-databases" -> suffix = "_test";
                    case "--bootstrap-server" -> bootstrap = args[++i];
                    case "--namespace" -> namespace = args[++i];
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("timeline: " + (e.getMessage() == null ? "missing value" : e.getMessage()) + "\n" + USAGE);
            return 2;
        }
        if (positional.size() != 2) {
            err.println(USAGE);
            return 2;
        }
        Timeline timeline;
        try {
            var source = new PurchaseTimeline(AuditConfig.fromEnvironment(suffix, environment),
                    kafka ? bootstrap : null, KafkaLogin.credentialsDir(environment), namespace);
            timeline = source.of(positional.get(0), positional.get(1));
        } catch (Exception e) {
            err.println("timeline: could not read: " + e.getMessage());
            return 2;
        }
        out.print(json ? timeline.json() + "\n" : timeline.text());
        return timeline.entries().isEmpty() ? 1 : 0;
    }
}
