package com.luckydraw.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one scenario measured: requests sent, orders ended (completed + cancelled), anomalies (lost orders plus audit
 * violations: must be 0), how long the fault lasted and the time to recover (fault injected until the first order
 * requested after the repair ended). Printed and appended to the results file ({@code faults.results}).
 */
record ScenarioReport(String scenario, long sent, long ended, long completed, long sendErrors, long lost,
        List<String> violations, Duration outage, Duration timeToRecover, String note) {

    long anomalies() {
        return lost + violations.size();
    }

    String line() {
        return String.format("%s | %s | sent %d | orders terminal %d (completed %d, cancelled %d) | send errors %d"
                        + " | anomalies %d | outage %.1f s | time to recover %s%s", Instant.now(), scenario, sent, ended,
                completed, ended - completed, sendErrors, anomalies(), outage.toMillis() / 1000.0,
                timeToRecover == null ? "n/a" : String.format("%.1f s", timeToRecover.toMillis() / 1000.0),
                note.isEmpty() ? "" : " | " + note);
    }

    void publish() {
        String line = line();
        System.out.println("faults: " + line);
        violations.stream().limit(20).forEach(v -> System.out.println("faults:   violation " + v));
        Path file = Path.of(System.getProperty("faults.results", "target/resilience-results.txt"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
