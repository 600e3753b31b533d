package com.luckydraw.infra.load.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a service's CPU went, from a JFR recording's execution samples ({@code infra/bin/bench profile}): the share of
 * samples by library (the first frame from the top that belongs to a known library, so time in the JDK counts for the
 * library that called it), the methods on top of the stack, and the project's frames nearest the top (each with what
 * it calls). Execution samples cover Java threads running Java code; the JIT compilers and the garbage collector are
 * not in them (the CPU figures of {@code bench load} are).
 *
 * <pre>ProfileSummary --out wallet-max.txt wallet-max.jfr [more.jfr...]</pre>
 */
public final class ProfileSummary {

    /** Package prefixes and the library they belong to; the first match wins, so the more specific come first. */
    static final List<Map.Entry<String, String>> LIBRARIES = List.of(
            Map.entry("org.postgresql.", "PostgreSQL JDBC driver"),
            Map.entry("com.zaxxer.hikari.", "HikariCP"),
            Map.entry("org.apache.kafka.", "Kafka clients"),
            Map.entry("org.springframework.kafka.", "Spring Kafka"),
            Map.entry("tools.jackson.", "Jackson"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("io.micrometer.tracing.", "tracing (Micrometer Tracing, OpenTelemetry)"),
            Map.entry("io.opentelemetry.", "tracing (Micrometer Tracing, OpenTelemetry)"),
            Map.entry("io.micrometer.", "Micrometer (observations, meters)"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("org.springframework.data.", "Spring Data JDBC"),
            Map.entry("org.springframework.jdbc.", "Spring JDBC"),
            Map.entry("org.springframework.transaction.", "Spring transactions"),
            Map.entry("org.springframework.security.", "Spring Security"),
            Map.entry("org.apache.catalina.", "Tomcat"),
            Map.entry("org.apache.coyote.", "Tomcat"),
            Map.entry("org.apache.tomcat.", "Tomcat"),
            Map.entry("org.redisson.", "Redisson"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("org.springframework.", "Spring (other)"),
            Map.entry("com.luckydraw.", "luckydraw"));
    static final String JDK_ONLY = "JDK only";
    private static final String PROJECT = "com.luckydraw.";

    private final Map<String, Integer> byLibrary = new LinkedHashMap<>();
    private final Map<String, Integer> onTop = new LinkedHashMap<>();
    private final Map<String, Integer> projectNearestTop = new LinkedHashMap<>();
    private int samples;

    /** Counts one sample, its stack given top first as {@code type.method} names. */
    void add(List<String> stack) {
        if (stack.isEmpty()) {
            return;
        }
        samples++;
        onTop.merge(stack.get(0), 1, Integer::sum);
        String library = stack.stream().map(ProfileSummary::library).flatMap(Optional::stream).findFirst()
                .orElse(JDK_ONLY);
        byLibrary.merge(library, 1, Integer::sum);
        stack.stream().filter(frame -> frame.startsWith(PROJECT)).findFirst()
                .ifPresent(frame -> projectNearestTop.merge(frame, 1, Integer::sum));
    }

    static Optional<String> library(String frame) {
        return LIBRARIES.stream().filter(entry -> frame.startsWith(entry.getKey())).map(Map.Entry::getValue)
                .findFirst();
    }

    int samples() {
        return samples;
    }

    /** The shares of {@code counts}, largest first, at most {@code limit}. */
    List<Map.Entry<String, Double>> shares(Map<String, Integer> counts, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(e -> Map.entry(e.getKey(), 100.0 * e.getValue() / samples)).toList();
    }

    List<Map.Entry<String, Double>> byLibrary() {
        return shares(byLibrary, byLibrary.size());
    }

    void print(String title, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d execution samples%n", title, samples);
        out.println("  by library (the first frame from the top in a known library):");
        byLibrary().forEach(e -> out.printf(Locale.ROOT, "    %5.1f %%  %s%n", e.getValue(), e.getKey()));
        out.println("  methods on top of the stack:");
        shares(onTop, 12).forEach(e -> out.printf(Locale.ROOT, "    %5.1f %%  %s%n", e.getValue(), e.getKey()));
        out.println("  the project's frames nearest the top (with what they call):");
        shares(projectNearestTop, 12).forEach(e -> out.printf(Locale.ROOT, "    %5.1f %%  %s%n", e.getValue(),
                e.getKey()));
    }

    static ProfileSummary of(Path recording) throws IOException {
        var summary = new ProfileSummary();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frame.isJavaFrame()) {
                    // A lambda's hidden class has a new name in every JVM: one name for all of them.
                    stack.add(frame.getMethod().getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda")
                            + "." + frame.getMethod().getName());
                }
            }
            summary.add(stack);
        }
        return summary;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        List<Path> recordings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--out".equals(args[i]) && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                recordings.add(Path.of(args[i]));
            }
        }
        if (recordings.isEmpty()) {
            System.err.println("usage: ProfileSummary [--out file.txt] recording.jfr...");
            System.exit(2);
        }
        recordings.sort(Comparator.naturalOrder());
        try (PrintStream printer = out == null ? System.out
                : new PrintStream(Files.newOutputStream(out), true, java.nio.charset.StandardCharsets.UTF_8)) {
            for (Path recording : recordings) {
                of(recording).print(recording.getFileName().toString(), printer);
                printer.println();
            }
        }
    }
}
