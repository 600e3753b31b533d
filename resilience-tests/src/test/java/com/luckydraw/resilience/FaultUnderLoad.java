package com.luckydraw.resilience;

import com.luckydraw.infra.audit.Audit;
import com.luckydraw.infra.audit.AuditReport;
import com.luckydraw.events.Topics;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * One run of a scenario: purchases flow for a while, the fault is injected and repaired, purchases go on until an
 * order requested after the fault has ended and a while longer, then every request must end as an order and the
 * cross-service audit must be clean.
 */
final class FaultUnderLoad {

    /** How long purchases flow before the fault and after the recovery: short in CI, long in a soak. */
    static final Duration LOAD = duration(System.getProperty("faults.load", "6s"));
    static final double RATE = Double.parseDouble(System.getProperty("faults.rate", "15"));
    static final int REPETITIONS = Integer.parseInt(System.getProperty("faults.repetitions", "1"));
    /** A saga whose peer was down may retry for a while after the repair before it ends. */
    static final Duration SETTLE = Duration.ofMinutes(2);

    private final FaultSystem system;

    FaultUnderLoad(FaultSystem system) {
        this.system = system;
    }

    ScenarioReport run(String scenario, List<Long> rounds, Fault fault) {
        String runId = scenario.replaceAll("[^A-Za-z0-9]+", "-") + "-" + Long.toString(System.currentTimeMillis(), 36);
        long outageStart;
        long outageEnd;
        Duration recovery;
        PurchaseLoad load = PurchaseLoad.start(system.kafka, system.terminals, runId, rounds, FaultSystem.USERS, RATE);
        try {
            long warmUp = requestsIn(LOAD);
            await(scenario + ": orders ending before the fault").atMost(LOAD.plusMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> load.sent() >= warmUp && load.ended() > 0);
            load.faultInjected();
            outageStart = System.nanoTime();
            fault.inject();
            fault.repair();
            outageEnd = System.nanoTime();
            load.faultRepaired();
            await(scenario + ": an order requested after the repair ends").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200)).until(load::recovered);
            recovery = load.timeToRecover();
            long afterRecovery = load.sent() + requestsIn(LOAD);
            await(scenario + ": load after the recovery").atMost(LOAD.plusMinutes(1))
                    .pollInterval(Duration.ofMillis(200)).until(() -> load.sent() >= afterRecovery);
            load.stopSending();
            try {
                await(scenario + ": every request ends as an order").atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(250)).until(load::allEnded);
            } catch (org.awaitility.core.ConditionTimeoutException lost) {
                // Reported below as lost requests, with the audit: the scenario's figures still matter.
                System.out.println("faults: " + scenario + ": " + (load.sent() - load.ended()) + " request(s) without"
                        + " a terminal order after " + SETTLE.toSeconds() + " s, e.g. " + load.notEnded()
                        + "; a consumer may have dead-lettered them: grep dead-lettering "
                        + system.workDir.resolve("service-logs"));
            }
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; sent " + load.sent() + ", ended " + load.ended()
                    + ", not ended e.g. " + load.notEnded() + "; service logs in " + system.workDir.resolve(
                    "service-logs"), e);
        } finally {
            load.close();
        }
        AuditReport audit = new Audit(system.databases).run(system.kafka.bootstrap(), Topics.PURCHASE_REQUESTS.name(),
                system.kafka.credentialsDir());
        if (!audit.clean()) {
            audit.print(System.out);
        }
        Duration p99 = load.p99DuringFault();
        String note = "p99 of orders requested during the fault " + (p99 == null ? "n/a" : p99.toMillis() + " ms")
                + " | terminal events seen twice " + load.duplicateEvents();
        var report = new ScenarioReport(scenario, load.sent(), load.ended(), load.completed(), load.sendErrors(),
                load.sent() - load.ended(), audit.violations(), Duration.ofNanos(outageEnd - outageStart), recovery,
                note);
        report.publish();
        return report;
    }

    private static long requestsIn(Duration duration) {
        return Math.max(1, (long) (RATE * duration.toMillis() / 1000.0));
    }

    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a duration looks like 30s, 500ms or 5m, was " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
