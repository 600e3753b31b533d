package com.luckydraw.e2e;

import com.luckydraw.infra.audit.Audit;
import com.luckydraw.infra.audit.AuditReport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the {@link E2eSystem} once for the whole test JVM (in the root store, closed when every class has run) and
 * hands it to tests as a parameter. After each test it waits until no order is in flight, then runs the audit on the
 * test databases and the requests topic and fails the test on any violation.
 */
final class E2eExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eExtension.class);

    /** Longest a test's orders may take to end once the test's own waits are over. */
    static final Duration SETTLE = Duration.ofSeconds(90);

    @Override
    public void beforeAll(ExtensionContext context) {
        system(context);
    }

    private static E2eSystem system(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Startup.class, k -> Startup.attempt(),
                Startup.class).system();
    }

    /**
     * The one attempt to start the system in this JVM, kept with its failure: a start that failed (after minutes of
     * waiting for a health check, perhaps) is not tried again by every following test class.
     */
    record Startup(E2eSystem started, RuntimeException failure) implements AutoCloseable {

        static Startup attempt() {
            try {
                return new Startup(E2eSystem.start(), null);
            } catch (RuntimeException e) {
                return new Startup(null, e);
            }
        }

        E2eSystem system() {
            if (failure != null) {
                throw new IllegalStateException("the end-to-end system could not start: " + failure.getMessage(),
                        failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        E2eSystem system = system(context);
        // The audit flags orders in flight well past their step deadline only, but a half-done order would still make
        // its other checks (a debit not yet refunded) fail: wait until every order of every run is COMPLETED or CANCELLED.
        await("every order in orders_test COMPLETED or CANCELLED").atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(system.read.ordersInFlight()).isEmpty());
        AuditReport report = new Audit(system.databases).run(system.bootstrap, system.requestsTopic());
        var printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.println(printed.toString(StandardCharsets.UTF_8));
        assertThat(report.violations()).as("audit after " + context.getDisplayName() + ":\n" + printed).isEmpty();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == E2eSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return system(context);
    }
}
