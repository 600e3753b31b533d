package com.luckydraw.infra.load;

import com.luckydraw.events.Topics;
import com.luckydraw.infra.load.cpu.WatchedProcess;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load generator sends, how fast and for how long. Parsed from the command line; every option has a
 * default so {@code LoadGenerator --count 1000} is a complete run.
 *
 * @param rate         purchase requests per second; 0 sends as fast as the producer takes them
 * @param count        stop after this many requests (0 = no limit, then duration must be set)
 * @param duration     stop sending after this long (zero = no limit, then count must be set)
 * @param users        buyers {@code <userPrefix>1 .. <userPrefix>N}; their wallets must exist and be funded
 * @param rounds       rounds {@code roundBase .. roundBase + rounds - 1}; the first one is the hot round
 * @param hotShare     fraction of new purchases sent to the hot round; the rest pick uniformly among all rounds
 * @param duplicates   fraction of sent requests that resend an earlier purchase (same bizId and posId)
 * @param maxShares    shares per purchase, uniform in 1..maxShares
 * @param drainTimeout how long to wait for the last orders to end after sending stops
 * @param warmup       send this long first, in the same process, and wait for those orders to end, before anything
 *                     is measured: the first seconds of a fresh JVM measure its JIT and its connections, not the
 *                     system (zero = no warm-up)
 * @param warmupRate   requests per second during the warm-up; 0 = the run's own rate (or 400/s when that is "as
 *                     fast as possible")
 * @param cpu          processes whose CPU time the measured window accounts for, besides the generator's own
 */
public record LoadOptions(String bootstrap, String requestsTopic, String eventsTopic, double rate, long count,
        Duration duration, int users, String userPrefix, int rounds, long roundBase, double hotShare,
        double duplicates, int maxShares, long pricePerShare, String currency, int terminals, String runId,
        String label, long seed, Duration drainTimeout, Path output, Format format, Duration warmup,
        double warmupRate, List<WatchedProcess> cpu) {

    public enum Format { JSON, CSV }

    public static final String USAGE = """
            usage: LoadGenerator [options]
              --bootstrap HOST:PORT     Kafka on this machine only (default 127.0.0.1:9092)
              --rate N                  requests per second, 0 = as fast as possible (default 100)
              --count N                 stop after N requests
              --duration D              stop sending after D: 30, 30s, 2m (default: --count 1000 if neither is given)
              --users N                 buyers user-1..user-N (default 1000)
              --user-prefix P           user ids are P1..PN (default user-)
              --rounds N                rounds base..base+N-1; the first is the hot round (default 1)
              --round-base N            id of the first round (default 1)
              --hot-share F             fraction of new purchases on the hot round, 0..1 (default 1)
              --duplicates F            fraction of requests that resend an earlier purchase, 0..1 (default 0)
              --max-shares N            shares per purchase uniform in 1..N (default 5)
              --price N                 price per share in minor units; must be the rounds' price (default 100)
              --currency C              ISO 4217 code (default CNY)
              --terminals N             posIds pos-1..pos-N (default 32)
              --run-id ID               prefix of every bizId, unique per run (default: generated)
              --label TEXT              scenario name written into the results (default: the run id)
              --seed N                  random seed (default: time based)
              --drain-timeout D         wait this long for the last orders after sending (default 60s)
              --warmup D                first send for D, wait for those orders, then measure (default 0: none)
              --warmup-rate N           requests per second while warming up (default: --rate, or 400 if that is 0)
              --output PATH             write the results there (format from .json / .csv)
              --format json|csv         format of --output when its name does not say (default json)
              --requests-topic NAME     default: Topics.PURCHASE_REQUESTS
              --events-topic NAME       default: Topics.ORDER_EVENTS
              --cpu NAME=PID[+],...     account for these processes' CPU in the measured window (from /proc;
                                        PID+ takes its children too, e.g. postgres=812+); the generator's own
                                        is always counted
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    public LoadOptions {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be 0 (as fast as possible) or positive, was " + rate);
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count must not be negative, was " + count);
        }
        if (count == 0 && duration.isZero()) {
            throw new IllegalArgumentException("give --count or --duration: every run is bounded");
        }
        positive("--users", users);
        positive("--rounds", rounds);
        positive("--round-base", roundBase);
        fraction("--hot-share", hotShare);
        fraction("--duplicates", duplicates);
        if (duplicates >= 1) {
            throw new IllegalArgumentException("--duplicates must be below 1: something has to be new");
        }
        positive("--max-shares", maxShares);
        positive("--price", pricePerShare);
        positive("--terminals", terminals);
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("--currency must be an ISO 4217 code like CNY, was " + currency);
        }
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,40}")) {
            throw new IllegalArgumentException("--run-id must be 1-41 letters, digits, '.', '_' or '-', was " + runId);
        }
        requireLoopback(bootstrap);
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative, was " + warmup);
        }
        if (!(warmupRate >= 0) || Double.isInfinite(warmupRate)) {
            throw new IllegalArgumentException("--warmup-rate must be 0 (the run's rate) or positive, was "
                    + warmupRate);
        }
        cpu = cpu == null ? List.of() : List.copyOf(cpu);
    }

    /**
     * The warm-up phase as a run of its own: its own bizIds ({@code <runId>-w-<n>}) and seed, bounded by the
     * warm-up's duration, at the warm-up rate.
     */
    public LoadOptions warmUpPhase() {
        double warmRate = warmupRate > 0 ? warmupRate : rate > 0 ? rate : 400;
        String warmRunId = (runId.length() > 38 ? runId.substring(0, 38) : runId) + "-w";
        return new LoadOptions(bootstrap, requestsTopic, eventsTopic, warmRate, 0, warmup, users, userPrefix,
                rounds, roundBase, hotShare, duplicates, maxShares, pricePerShare, currency, terminals, warmRunId,
                label + "-warmup", seed + 1, drainTimeout, null, format, Duration.ZERO, 0, List.of());
    }

    public static LoadOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !USAGE.contains("  " + name + " ")) {
                throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            given.put(name, args[++i]);
        }
        String runId = given.getOrDefault("--run-id", "load-" + Long.toString(System.currentTimeMillis(), 36));
        long count = parseLong(given, "--count", 0);
        Duration duration = given.containsKey("--duration") ? duration("--duration", given.get("--duration"))
                : Duration.ZERO;
        if (count == 0 && duration.isZero()) {
            count = 1000;
        }
        Path output = given.containsKey("--output") ? Path.of(given.get("--output")) : null;
        Format format = given.containsKey("--format") ? format(given.get("--format"))
                : output != null && output.toString().toLowerCase().endsWith(".csv") ? Format.CSV : Format.JSON;
        return new LoadOptions(
                given.getOrDefault("--bootstrap", "127.0.0.1:9092"),
                given.getOrDefault("--requests-topic", Topics.PURCHASE_REQUESTS.name()),
                given.getOrDefault("--events-topic", Topics.ORDER_EVENTS.name()),
                parseDouble(given, "--rate", 100),
                count,
                duration,
                (int) parseLong(given, "--users", 1000),
                given.getOrDefault("--user-prefix", "user-"),
                (int) parseLong(given, "--rounds", 1),
                parseLong(given, "--round-base", 1),
                parseDouble(given, "--hot-share", 1),
                parseDouble(given, "--duplicates", 0),
                (int) parseLong(given, "--max-shares", 5),
                parseLong(given, "--price", 100),
                given.getOrDefault("--currency", "CNY"),
                (int) parseLong(given, "--terminals", 32),
                runId,
                given.getOrDefault("--label", runId),
                parseLong(given, "--seed", System.nanoTime()),
                given.containsKey("--drain-timeout") ? duration("--drain-timeout", given.get("--drain-timeout"))
                        : Duration.ofSeconds(60),
                output,
                format,
                given.containsKey("--warmup") ? duration("--warmup", given.get("--warmup")) : Duration.ZERO,
                parseDouble(given, "--warmup-rate", 0),
                WatchedProcess.parseList(given.get("--cpu")));
    }

    /** Whether sending is over after {@code sent} requests and {@code elapsed} time. */
    public boolean sendingDone(long sent, Duration elapsed) {
        return (count > 0 && sent >= count) || (!duration.isZero() && elapsed.compareTo(duration) >= 0);
    }

    /** The options as written into the results. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("count", count);
        m.put("durationSeconds", duration.toMillis() / 1000.0);
        m.put("warmupSeconds", warmup.toMillis() / 1000.0);
        m.put("users", users);
        m.put("rounds", rounds);
        m.put("roundBase", roundBase);
        m.put("hotShare", hotShare);
        m.put("duplicates", duplicates);
        m.put("maxShares", maxShares);
        m.put("pricePerShare", pricePerShare);
        m.put("terminals", terminals);
        m.put("seed", seed);
        m.put("requestsTopic", requestsTopic);
        m.put("eventsTopic", eventsTopic);
        if (!cpu.isEmpty()) {
            m.put("cpu", cpu.stream().map(WatchedProcess::toString).toList());
        }
        return m;
    }

    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must look like 30, 30s, 500ms or 2m, was " + text);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static Format format(String text) {
        return switch (text.toLowerCase()) {
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw new IllegalArgumentException("--format must be json or csv, was " + text);
        };
    }

    private static long parseLong(Map<String, String> given, String option, long fallback) {
        String text = given.get(option);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was " + text);
        }
    }

    private static double parseDouble(Map<String, String> given, String option, double fallback) {
        String text = given.get(option);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was " + text);
        }
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }

    private static void fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1, was " + value);
        }
    }

    /** Load goes to this machine only: a typo must not aim a benchmark at a shared broker. */
    private static void requireLoopback(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? server : server.substring(0, colon);
            try {
                if (!InetAddress.getByName(host.strip()).isLoopbackAddress()) {
                    throw new IllegalArgumentException("--bootstrap must be on this machine (127.0.0.1), was " + server);
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--bootstrap host unknown: " + server);
            }
        }
    }
}
