package com.luckydraw.admin;

import com.luckydraw.admin.health.ReadingServiceHealth;
import com.luckydraw.admin.health.ServiceHealth;
import com.luckydraw.admin.locks.DatabaseLocks;
import com.luckydraw.admin.locks.LockWaitSettings;
import com.luckydraw.admin.locks.ReadingLockWaits;
import com.luckydraw.admin.metrics.KeyFigure;
import com.luckydraw.admin.metrics.KeyFigures;
import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.rounds.HotRound;
import com.luckydraw.admin.rounds.HotRoundsView;
import com.luckydraw.admin.rounds.ReadingHotRounds;
import com.luckydraw.admin.saga.ReadingSagas;
import com.luckydraw.admin.saga.RetryingStuckSaga;
import com.luckydraw.admin.saga.VoidingStuckSaga;
import com.luckydraw.admin.saga.SagaView;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import com.luckydraw.admin.support.AdvisoryLockWait;
import com.luckydraw.admin.support.DashboardTest;
import de.codecentric.boot.admin.server.domain.entities.Instance;
import de.codecentric.boot.admin.server.services.InstanceRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the dashboard reads from the services (fakes over real HTTP) and from the real databases. */
class ReadingServicesIT extends DashboardTest {

    @Autowired
    ReadingServiceHealth health;
    @Autowired
    ReadingServiceMetrics metrics;
    @Autowired
    ReadingSagas sagas;
    @Autowired
    RetryingStuckSaga retrying;
    @Autowired
    VoidingStuckSaga voiding;
    @Autowired
    ReadingHotRounds rounds;
    @Autowired
    ReadingLockWaits locks;
    @Autowired
    LockWaitSettings lockSettings;
    @Autowired
    ServiceClient client;
    @Autowired
    InstanceRegistry registry;

    @Test
    void everyServicesHealthIsReadWithItsMessagingDetailsAndProbes() {
        List<ServiceHealth> all = health.all();

        assertThat(all).extracting(h -> h.service().name())
                .containsExactly("wallet-service", "lottery-service", "order-service");
        assertThat(all).allSatisfy(h -> {
            assertThat(h.status()).isEqualTo("UP");
            assertThat(h.liveness()).isEqualTo("UP");
            assertThat(h.readiness()).isEqualTo("UP");
            assertThat(h.outboxBacklog()).isEqualTo(2L);
            assertThat(h.consumerLag()).isEqualTo(7L);
            assertThat(h.deadLetters()).isEqualTo(1L);
        });
        assertThat(all).extracting(ServiceHealth::redis).containsExactly(null, "UP", null);
        assertThat(all.get(0).component("kafka").orElseThrow().detailLines())
                .contains("consumerLag: wallet-commands=7", "deadLetters: luckydraw.wallet.commands.dlt=1");
    }

    @Test
    void aDownServiceIsShownDownWithTheReasonAndNotReady() {
        fakes.wallet.health("DOWN", "Connection to 127.0.0.1:5432 refused");
        try {
            ServiceHealth wallet = health.all().get(0);

            assertThat(wallet.status()).isEqualTo("DOWN");
            assertThat(wallet.readiness()).isEqualTo("DOWN");
            assertThat(wallet.liveness()).isEqualTo("UP");
            assertThat(wallet.component("db").orElseThrow().detailLines())
                    .containsExactly("error: Connection to 127.0.0.1:5432 refused");
        } finally {
            fakes.wallet.health("UP", null);
        }
    }

    @Test
    void anUnreachableServiceIsShownWithWhyAndDoesNotHideTheOthers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MonitoredServices config = new MonitoredServices(List.of(
                new MonitoredService("gone-service", "http://127.0.0.1:" + closedPort, null),
                new MonitoredService("wallet-service", fakes.wallet.url(), null)), null, null, null, null);

        List<ServiceHealth> all = new ReadingServiceHealth(config, client).all();

        assertThat(all.get(0).status()).isEqualTo(ServiceHealth.UNREACHABLE);
        assertThat(all.get(0).error()).contains("connection refused");
        assertThat(all.get(1).status()).isEqualTo("UP");
    }

    @Test
    void keyFiguresComeFromEachServicesPrometheusMeters() {
        List<ServiceMetrics> all = metrics.all();

        assertThat(figures(all.get(0))).containsEntry("Version-conflict retries", "4")
                .containsEntry("Outbox backlog", "2")
                .containsEntry("Outbox lag (mean / max)", "5.0 ms / 15.0 ms (n=12)")
                .containsEntry("Duplicates skipped", "3")
                .containsEntry("Dead letters", "luckydraw.wallet.commands 1")
                .containsEntry("Given up after retries", null)
                .doesNotContainKey("Lock failures");
        assertThat(figures(all.get(1))).containsEntry("Lock wait (mean / max)", "5.0 ms / 31.0 ms (n=40)")
                .containsEntry("Lock failures", "redis-unavailable 0, stale-token 0, wait-timeout 2")
                .containsEntry("Shares allocated", "148");
        long completed = fakes.orders.stream().filter(o -> "COMPLETED".equals(o.get("status"))).count();
        assertThat(figures(all.get(2)))
                .containsEntry("Purchases by outcome", "completed " + completed + ", cancelled 1, in progress 3")
                .containsEntry("Pending sagas", "3")
                .containsEntry("Saga step latency (mean / max)",
                        "allocate 5.0 ms / 7.0 ms (n=2); debit 4.0 ms / 6.0 ms (n=3)")
                .containsEntry("Saga retries", "allocate 1")
                .containsEntry("Saga escalations", "ESCALATED 1")
                .containsEntry("Duplicate purchase requests", "5")
                .containsEntry("Conflicting purchase requests", null);
    }

    @Test
    void theSagaViewCountsOrdersByStateAndListsStuckFailedAndLatestOrders() {
        SagaView view = sagas.read();

        assertThat(view.errors()).isEmpty();
        assertThat(view.byStateSource()).contains("luckydraw_orders");
        assertThat(view.byState()).containsEntry("ESCALATED", 1L).containsEntry("COMPENSATION_FAILED", 1L)
                .containsEntry("CANCELLED", 1L).containsEntry("PENDING", 0L);
        assertThat(view.stuck().rows()).extracting(r -> r.get("id")).containsExactlyElementsOf(fakes.stuck);
        assertThat(view.idColumn(view.stuck())).isEqualTo("id");
        assertThat(view.stuck().rows()).extracting(r -> view.canRetry(view.stuck(), r)).containsExactly(true, false);
        assertThat(view.failed().rows()).extracting(r -> r.get("status"))
                .containsExactlyInAnyOrder("ESCALATED", "COMPENSATION_FAILED");
        assertThat(view.latest().size()).isEqualTo(fakes.orders.size());
        assertThat(view.latest().rows().get(0).get("id")).as("newest first")
                .isEqualTo(fakes.orders.get(fakes.orders.size() - 1).get("id"));
    }

    @Test
    void retryingAStuckSagaCallsOrderServicesAdminApiAndRefusesNonIds() {
        String escalated = fakes.escalated();

        var answer = retrying.retry(escalated);

        assertThat(answer.ok()).isTrue();
        assertThat(answer.value()).contains("\"status\":\"PAID\"");
        assertThat(fakes.order.posts()).contains("/admin/orders/" + escalated + "/retry");
        int before = fakes.order.posts().size();
        assertThat(retrying.retry("../../actuator/shutdown").error()).startsWith("not an order id");
        assertThat(fakes.order.posts()).hasSize(before);
    }

    @Test
    void voidingAStuckSagaCallsOrderServicesVoidApiAndRefusesNonIds() {
        String escalated = fakes.escalated();

        var answer = voiding.voidAllocation(escalated);

        assertThat(answer.ok()).isTrue();
        assertThat(fakes.order.posts()).contains("/admin/orders/" + escalated + "/void");
        int before = fakes.order.posts().size();
        assertThat(voiding.voidAllocation("../../actuator/shutdown").error()).startsWith("not an order id");
        assertThat(fakes.order.posts()).hasSize(before);
    }

    @Test
    void hotRoundsAreFullestFirstWithTheLockFigures() {
        HotRoundsView view = rounds.read();

        assertThat(view.errors()).isEmpty();
        assertThat(view.rounds()).extracting(HotRound::id).containsExactly("13", "12", "11");
        HotRound hot = view.rounds().get(1);
        assertThat(hot.sold()).isEqualTo(95);
        assertThat(hot.total()).isEqualTo(100);
        assertThat(hot.fill()).isEqualTo(95.0);
        assertThat(view.rounds().get(0).soldOut()).isTrue();
        assertThat(view.lockWait()).isEqualTo("5.0 ms / 31.0 ms (n=40)");
        assertThat(view.lockFailures()).isEqualTo("redis-unavailable 0, stale-token 0, wait-timeout 2");
    }

    @Test
    void aSessionWaitingForALockIsShownWithTheSessionThatBlocksIt() throws Exception {
        String walletDb = lockSettings.databases().get(0).url();
        try (AdvisoryLockWait wait = new AdvisoryLockWait(walletDb, lockSettings.user(), lockSettings.password())) {
            DatabaseLocks wallet = locks.all().get(0);

            assertThat(wallet.error()).isNull();
            assertThat(wallet.databaseName()).isEqualTo("wallet_test");
            assertThat(wallet.waiting()).anySatisfy(w -> {
                assertThat(w.pid()).isEqualTo(wait.waiterPid);
                assertThat(w.lockType()).isEqualTo("advisory");
                assertThat(w.blockedBy()).isEqualTo(String.valueOf(wait.holderPid));
                assertThat(w.application()).isEqualTo("lock-waiter-test");
                assertThat(w.query()).contains("pg_advisory_lock");
            });
            assertThat(wallet.blockers()).extracting(DatabaseLocks.Blocker::pid).contains(wait.holderPid);
        }
        assertThat(locks.all().get(0).waiting()).noneMatch(w -> "lock-waiter-test".equals(w.application()));
    }

    @Test
    void springBootAdminKnowsTheThreeServicesFromConfigurationAndSeesThemUp() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Instance> instances = registry.getInstances().collectList().block(Duration.ofSeconds(5));
            assertThat(instances).extracting(i -> i.getRegistration().getName())
                    .containsExactlyInAnyOrder("wallet-service", "lottery-service", "order-service");
            assertThat(instances).allSatisfy(i -> assertThat(i.getStatusInfo().getStatus()).isEqualTo("UP"));
        });
    }

    private static Map<String, String> figures(ServiceMetrics metrics) {
        Map<String, String> figures = new java.util.LinkedHashMap<>();
        for (KeyFigure figure : KeyFigures.of(metrics)) {
            figures.put(figure.label(), figure.value());
        }
        return figures;
    }
}
