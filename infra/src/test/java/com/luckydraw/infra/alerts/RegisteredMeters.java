package com.luckydraw.infra.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The series names the services expose at {@code /actuator/prometheus}, read from their main sources: every meter
 * they register through Micrometer ({@code Counter.builder("luckydraw.x")}, {@code meters.gauge(...)}...), named as
 * Micrometer's Prometheus registry names it (dots to underscores, {@code _total} for counters, {@code _seconds} and
 * its {@code _count}/{@code _sum}/{@code _max}/{@code _bucket} for timers). Plus the few names that come from
 * elsewhere, each with its origin.
 */
final class RegisteredMeters {

    /** Names not registered by luckydraw's code. */
    static final Map<String, String> FROM_ELSEWHERE = Map.of(
            "up", "Prometheus itself, per scraped target",
            "hikaricp_connections_pending", "Micrometer's HikariCP binder, which Spring Boot registers for every pool");

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|TimeGauge|FunctionCounter)\\.builder\\(\\s*(\"luckydraw[.a-z]+\"|[A-Z_]+)");
    private static final Pattern REGISTRY_CALL = Pattern.compile("\\.(counter|gauge|timer)\\(\\s*\"(luckydraw[.a-z]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("String\\s+([A-Z_]+)\\s*=\\s*\"(luckydraw[.a-z]+)\"");

    private RegisteredMeters() {
    }

    static Set<String> seriesNames(Path root) {
        Set<String> names = new TreeSet<>(FROM_ELSEWHERE.keySet());
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> sources = Files.walk(main)) {
                    for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                        names.addAll(seriesNames(Files.readString(source)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static Set<String> seriesNames(String source) {
        Map<String, String> constants = new HashMap<>();
        Matcher c = CONSTANT.matcher(source);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Set<String> names = new TreeSet<>();
        Matcher b = BUILDER.matcher(source);
        while (b.find()) {
            String name = b.group(2).startsWith("\"") ? b.group(2).replace("\"", "") : constants.get(b.group(2));
            if (name != null) {
                names.addAll(exposed(b.group(1).toLowerCase(), name));
            }
        }
        Matcher r = REGISTRY_CALL.matcher(source);
        while (r.find()) {
            names.addAll(exposed(r.group(1), r.group(2)));
        }
        return names;
    }

    private static Set<String> exposed(String kind, String meter) {
        String base = meter.replace('.', '_');
        return switch (kind) {
            case "counter", "functioncounter" -> Set.of(base + "_total");
            case "timer" -> Set.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max",
                    base + "_seconds_bucket", base + "_seconds");
            case "timegauge" -> Set.of(base + "_seconds");
            default -> Set.of(base);
        };
    }

    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
            "group_right");

    /** The series names a PromQL expression reads: its identifiers that are not functions, labels or keywords. */
    static Set<String> usedBy(String promql) {
        String bare = STRING.matcher(promql).replaceAll(" ");
        for (Pattern stripped : List.of(LABELS, GROUPING, RANGE)) {
            bare = stripped.matcher(bare).replaceAll(" ");
        }
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String token = m.group();
            boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!partOfNumber && !KEYWORDS.contains(token) && !Character.isDigit(token.charAt(0))
                    && !isFunction(bare, m.end())) {
                names.add(token);
            }
        }
        return names;
    }

    /** A name followed by "(" is a function (rate, sum, histogram_quantile...). */
    private static boolean isFunction(String text, int end) {
        int i = end;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }
}
