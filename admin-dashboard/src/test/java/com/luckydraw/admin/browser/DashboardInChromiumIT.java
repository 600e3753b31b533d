package com.luckydraw.admin.browser;

import com.luckydraw.admin.locks.LockWaitSettings;
import com.luckydraw.admin.support.AdvisoryLockWait;
import com.luckydraw.admin.support.DashboardTest;
import com.luckydraw.admin.support.MovingMeters;
import com.luckydraw.admin.trends.SamplingTrends;
import com.luckydraw.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium, against fake services over real HTTP: an admin logs in, sees the
 * three services UP with their messaging health and figures, finds a purchase made during the test in the saga
 * view, retries a stuck saga with the button, reads the hot rounds and a real database lock wait, and opens
 * Spring Boot Admin. Screenshots go to target/screenshots (see HeadlessChromium).
 */
class DashboardInChromiumIT extends DashboardTest {

    private static HeadlessChromium browser;
    private DashboardPages pages;

    @Autowired
    LockWaitSettings lockSettings;
    @Autowired
    SamplingTrends sampling;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void pages() {
        pages = new DashboardPages(browser, dashboard(""));
    }

    @Test
    void anAdminLogsInAndSeesAllThreeServicesUpWithTheirHealthAndFigures() throws Exception {
        browser.driver().manage().deleteAllCookies();
        browser.open(dashboard("/luckydraw"));
        assertThat(browser.driver().getCurrentUrl()).as("not logged in: the login page").contains("/login");

        pages.logIn(USER, PASSWORD);

        assertThat(java.net.URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/luckydraw");
        browser.waitFor("three service cards", d -> d.findElements(By.cssSelector("article.service")).size() == 3);
        for (String service : List.of("wallet-service", "lottery-service", "order-service")) {
            assertThat(pages.serviceStatus(service)).as(service).isEqualTo("UP");
            assertThat(pages.serviceFigure(service, "readiness")).as(service).isEqualTo("UP");
            assertThat(pages.serviceFigure(service, "liveness")).as(service).isEqualTo("UP");
            assertThat(pages.serviceFigure(service, "outbox-backlog")).as(service).isEqualTo("2");
            assertThat(pages.serviceFigure(service, "consumer-lag")).as(service).isEqualTo("7");
            assertThat(pages.serviceFigure(service, "dead-letters")).as(service).isEqualTo("1");
        }
        assertThat(pages.serviceFigure("lottery-service", "redis")).isEqualTo("UP");
        assertThat(pages.serviceFigure("wallet-service", "redis")).isEqualTo("not used");
        assertThat(browser.text(By.id("all-services"))).isEqualTo("all UP");
        assertThat(browser.text(By.cssSelector(
                "#service-wallet-service tr[data-meter='luckydraw_wallet_version_conflicts_total']")))
                .isEqualTo("Version-conflict retries 4");
        // Live: the page reloads itself.
        assertThat(browser.driver().findElements(By.cssSelector("meta[http-equiv=refresh]"))).hasSize(1);
        browser.screenshot("overview");
    }

    @Test
    void theSagaViewShowsAPurchaseMadeDuringTheTest() throws Exception {
        Map<?, ?> accepted = RestClient.create().post().uri(fakes.order.url() + "/purchases")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("posId", "pos-browser", "bizId", "biz-" + System.nanoTime(), "userId", "user-1",
                        "roundId", 12, "shares", 2, "pricePerShare", 200, "currency", "EUR",
                        "paymentMethod", "WALLET"))
                .retrieve().body(Map.class);
        String orderId = String.valueOf(accepted.get("orderId"));

        pages.open("/luckydraw/sagas?refresh=0", USER, PASSWORD);

        assertThat(browser.driver().findElement(By.cssSelector("#latest-orders tr[data-order='" + orderId + "']"))
                .getText()).contains("pos-browser", "COMPLETED");
        long completed = fakes.orders.stream().filter(o -> "COMPLETED".equals(o.get("status"))).count();
        assertThat(browser.text(By.cssSelector("#orders-by-state [data-state=COMPLETED] .count")))
                .isEqualTo(String.valueOf(completed));
        assertThat(pages.attributeOf("#stuck-orders tr[data-order]", "data-order"))
                .containsExactlyElementsOf(fakes.stuck);
        browser.screenshot("sagas");
    }

    @Test
    void anEscalatedSagaIsRetriedWithItsButtonAndOnlyItHasOne() {
        String escalated = fakes.escalated();
        int retriesBefore = (int) fakes.order.posts().stream().filter(p -> p.contains(escalated)).count();
        pages.open("/luckydraw/sagas?refresh=0", USER, PASSWORD);
        assertThat(browser.driver().findElements(By.cssSelector("#stuck-orders button.retry"))).hasSize(1);

        browser.driver().findElement(By.cssSelector("#stuck-orders tr[data-order='" + escalated + "'] button.retry"))
                .click();

        String flash = browser.waitFor("the retry's outcome", d -> d.findElement(By.id("retried"))).getText();
        assertThat(flash).isEqualTo("Retry of order " + escalated + " accepted by order-service: the order is PAID again");
        assertThat(fakes.order.posts().stream().filter(p -> p.equals("/admin/orders/" + escalated + "/retry")))
                .hasSize(retriesBefore + 1);
    }

    @Test
    void hotRoundsShowSoldAgainstTotalFullestFirstWithLockContention() throws Exception {
        pages.open("/luckydraw/rounds?refresh=0", USER, PASSWORD);

        assertThat(pages.attributeOf("#rounds tr[data-round]", "data-round")).containsExactly("13", "12", "11");
        assertThat(browser.text(By.cssSelector("#rounds tr[data-round='12'] .sold-total"))).isEqualTo("95 / 100");
        // Every field lottery-service reports is in the row, not only the bar.
        assertThat(browser.text(By.cssSelector("#rounds tr[data-round='13']"))).contains("EUR", "SOLD_OUT");
        assertThat(browser.text(By.id("lock-wait"))).isEqualTo("5.0 ms / 31.0 ms (n=40)");
        assertThat(browser.text(By.id("lock-failures"))).contains("wait-timeout 2");
        browser.screenshot("hot-rounds");
    }

    @Test
    void aDatabaseLockWaitIsShownWithTheSessionThatBlocksIt() throws Exception {
        LockWaitSettings.Database wallet = lockSettings.databases().get(0);
        try (AdvisoryLockWait wait = new AdvisoryLockWait(wallet.url(), lockSettings.user(), lockSettings.password())) {
            pages.open("/luckydraw/locks?refresh=0", USER, PASSWORD);

            String row = "#db-wallet-service table.waiting tr[data-pid='" + wait.waiterPid + "']";
            assertThat(browser.text(By.cssSelector(row + " td.blocked-by"))).isEqualTo(String.valueOf(wait.holderPid));
            assertThat(browser.text(By.cssSelector(row))).contains("advisory", "lock-waiter-test");
            assertThat(browser.text(By.cssSelector(
                    "#db-wallet-service table.blockers tr[data-pid='" + wait.holderPid + "']"))).contains("lock-holder-test");
            browser.screenshot("lock-waits");
        }
    }

    @Test
    void springBootAdminShowsTheThreeServicesUp() throws Exception {
        pages.open("/sba/applications", USER, PASSWORD);

        browser.waitFor("Spring Boot Admin to list the three services", d -> {
            String page = d.findElement(By.tagName("body")).getText().toLowerCase();
            return page.contains("wallet-service") && page.contains("lottery-service")
                    && page.contains("order-service");
        });
        browser.screenshot("spring-boot-admin");
    }

    @Test
    void theTrendsPageChartsEverySeriesSampledDuringTheTest() throws Exception {
        MovingMeters meters = new MovingMeters(fakes);
        LockWaitSettings.Database wallet = lockSettings.databases().get(0);
        try {
            // Two minutes of a busy system, sampled every 10 s; a database lock wait during the last half minute.
            for (int i = 0; i < 9; i++) {
                meters.step();
                clock.advance(Duration.ofSeconds(10));
                sampling.sample();
            }
            try (AdvisoryLockWait wait = new AdvisoryLockWait(wallet.url(), lockSettings.user(), lockSettings.password())) {
                for (int i = 0; i < 3; i++) {
                    meters.step();
                    clock.advance(Duration.ofSeconds(10));
                    sampling.sample();
                }
            }
        } finally {
            meters.clear();
        }

        pages.open("/luckydraw/trends?refresh=0", USER, PASSWORD);

        List<String> charts = List.of("purchases", "saga-latency", "consumer-lag", "outbox-backlog", "outbox-age",
                "dead-letters", "round-lock-wait", "db-lock-waiting", "db-lock-longest");
        assertThat(pages.attributeOf("article.trend", "data-chart")).containsExactlyElementsOf(charts);
        browser.waitFor("every chart drawn", d -> d.findElements(By.cssSelector("article.trend[data-points]")).size()
                == charts.size());
        for (String chart : charts) {
            String box = "article.trend[data-chart='" + chart + "']";
            assertThat(Integer.parseInt(browser.driver().findElement(By.cssSelector(box)).getAttribute("data-points")))
                    .as(chart + " points").isGreaterThanOrEqualTo(9);
            // uPlot draws on a canvas; the chart has ink on it, not only axes' room.
            assertThat(browser.paintedPixels(box)).as(chart + " painted pixels").isGreaterThan(500);
        }
        assertThat(browser.text(By.cssSelector("article.trend[data-chart='purchases'] .u-legend")))
                .contains("completed", "cancelled");
        assertThat(browser.text(By.cssSelector("article.trend[data-chart='saga-latency'] .u-legend")))
                .contains("debit p50", "debit p99", "allocate p99");
        assertThat(browser.text(By.id("load-error"))).isEmpty();
        browser.screenshot("trends");
    }
}
