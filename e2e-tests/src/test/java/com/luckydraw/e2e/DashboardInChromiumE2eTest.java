package com.luckydraw.e2e;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin dashboard (its jar, a fourth process) watching the three real services of the end-to-end system, seen by
 * an admin in a real headless Chromium: after logging in, the three services are UP with their messaging health and
 * meters, a purchase made during the test is in the saga view and its shares in the hot rounds, the service databases'
 * lock waits are read, and Spring Boot Admin lists the three services UP. Screenshots go to target/screenshots
 * (-Dluckydraw.screenshots=$PWD/docs/screenshots refreshes the documentation's).
 */
@E2eTest
class DashboardInChromiumE2eTest {

    private static final List<String> SERVICES = List.of("wallet-service", "lottery-service", "order-service");

    private static AdminDashboard dashboard;
    private static HeadlessChromium browser;

    @BeforeAll
    static void startDashboardAndBrowser(E2eSystem system) throws Exception {
        dashboard = AdminDashboard.start(system);
        browser = HeadlessChromium.start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopDashboardAndBrowser() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
        }
    }

    @Test
    void anAdminSeesTheThreeServicesUpAndAPurchaseMadeJustNow(E2eSystem system) throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(10, 2_00);
        PurchaseRequested request = system.purchases.publish(Purchases.request(user, round, 3, 2_00,
                PaymentMethod.MONEY));
        assertThat(Orders.ended(system, request).status()).isEqualTo("COMPLETED");

        // Services: all three UP, with liveness/readiness apart, their messaging health, and the meters.
        open("/luckydraw?refresh=0");
        for (String service : SERVICES) {
            assertThat(serviceFigure(service, "header .status")).as(service).isEqualTo("UP");
            assertThat(serviceFigure(service, "dd.liveness")).as(service).isEqualTo("UP");
            assertThat(serviceFigure(service, "dd.readiness")).as(service).isEqualTo("UP");
            assertThat(serviceFigure(service, "dd.outbox-backlog")).as(service).matches("\\d+");
            assertThat(serviceFigure(service, "dd.consumer-lag")).as(service).matches("\\d+");
            assertThat(serviceFigure(service, "dd.dead-letters")).as(service).matches("\\d+");
            System.out.println("e2e: " + service + " meters not reported yet: " + unreported(service));
        }
        assertThat(serviceFigure("lottery-service", "dd.redis")).isEqualTo("UP");
        // order-service refreshes its orders gauge every few seconds: the page (reloaded) shows the purchase soon.
        browser.waitFor("order-service's purchases by outcome to count a completed purchase", d -> {
            d.navigate().refresh();
            return figure("order-service", "Purchases by outcome").matches(".*completed [1-9].*");
        });
        assertThat(figure("order-service", "Saga step latency (mean / max)")).isNotEqualTo("not reported");
        assertThat(figure("lottery-service", "Lock wait (mean / max)")).isNotEqualTo("not reported");
        assertThat(figure("lottery-service", "Shares allocated")).matches("[1-9]\\d*");
        browser.screenshot("overview");

        // Sagas: the purchase among the latest orders, COMPLETED.
        open("/luckydraw/sagas?refresh=0");
        assertThat(browser.driver().findElements(By.cssSelector("#latest-orders tr")).stream()
                .map(WebElement::getText).filter(row -> row.contains(request.bizId())).findFirst())
                .hasValueSatisfying(row -> assertThat(row).contains("COMPLETED"));
        browser.screenshot("sagas");

        // Hot rounds: the round with its 3 of 10 shares sold.
        open("/luckydraw/rounds?refresh=0");
        assertThat(browser.text(By.cssSelector("#rounds tr[data-round='" + round + "'] .sold-total")))
                .isEqualTo("3 / 10");
        browser.screenshot("hot-rounds");

        // Lock waits: the three service databases are read without error.
        open("/luckydraw/locks?refresh=0");
        for (String service : SERVICES) {
            assertThat(browser.driver().findElements(By.cssSelector("#db-" + service))).as(service).isNotEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("#db-" + service + " .error"))).as(service)
                    .isEmpty();
        }
        browser.screenshot("lock-waits");

        // Spring Boot Admin: the three services, all UP.
        open("/sba/applications");
        browser.waitFor("Spring Boot Admin to show the three services UP", d -> {
            String text = d.findElement(By.tagName("body")).getText().toLowerCase();
            return SERVICES.stream().allMatch(text::contains) && text.contains("all up");
        });
        browser.screenshot("spring-boot-admin");
    }

    @Test
    void theTrendsPageChartsTheRealServicesAfterAShortLoad(E2eSystem system) throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(1_000_00);
        String poor = operators.walletWith(1_00);
        long round = operators.roundOf(1_000, 1_00);
        open("/luckydraw/trends?refresh=0");
        // The load comes in waves, each in a sampling interval of its own: rates and latencies are differences
        // between two samples, so a load that ended inside one interval would give each such chart one point only.
        for (int wave = 0; wave < 4; wave++) {
            int before = samples();
            List<PurchaseRequested> load = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                load.add(system.purchases.publish(Purchases.request(user, round, 1 + i % 3, 1_00,
                        PaymentMethod.MONEY)));
            }
            for (PurchaseRequested request : load) {
                assertThat(Orders.ended(system, request).status()).isEqualTo("COMPLETED");
            }
            if (wave == 1) {
                // Three shares from a wallet holding the price of one: cancelled, for the cancelled series.
                PurchaseRequested beyond = system.purchases.publish(Purchases.request(poor, round, 3, 1_00,
                        PaymentMethod.MONEY));
                assertThat(Orders.ended(system, beyond).status()).isEqualTo("CANCELLED");
            }
            browser.waitFor("a trends sample taken after wave " + (wave + 1), d -> {
                d.navigate().refresh();
                return samples() > before;
            });
        }

        // Points drawn are not enough, flat zeros draw too: the data the page charts must have the load in it.
        await("the charted data to show the load").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode view = dashboard.trends();
                    assertThat(highest(view, "purchases", "completed"::equals))
                            .as("completed purchases per second, highest sample").isPositive();
                    assertThat(highest(view, "saga-latency", series -> series.endsWith(" p99")))
                            .as("saga step p99 in ms, highest sample of any step").isPositive();
                    assertThat(highest(view, "purchases", "cancelled"::equals))
                            .as("cancelled purchases per second, highest sample").isPositive();
                });

        List<String> charts = List.of("purchases", "saga-latency", "consumer-lag", "outbox-backlog", "outbox-age",
                "dead-letters", "round-lock-wait", "db-lock-waiting", "db-lock-longest");
        browser.waitFor(() -> "the trends sampled from the real services, with the load in them; points drawn: "
                + pointsDrawn(), d -> {
            d.navigate().refresh();
            Map<String, Integer> drawn = pointsDrawn();
            return drawn.keySet().containsAll(charts) && charts.stream().allMatch(chart -> drawn.get(chart) >= 5);
        });
        for (String chart : charts) {
            // uPlot draws on a canvas: the chart has ink on it, not only the room for its axes.
            assertThat(browser.paintedPixels("article.trend[data-chart='" + chart + "']"))
                    .as(chart + " painted pixels").isGreaterThan(500);
        }
        assertThat(browser.text(By.cssSelector("article.trend[data-chart='purchases'] .u-legend")))
                .contains("completed");
        browser.screenshot("trends");
    }

    /** The highest value of a chart's series whose names match, over every sample; 0 when none has a value. */
    private static double highest(JsonNode view, String chart, Predicate<String> series) {
        double highest = 0;
        for (JsonNode c : view.get("charts")) {
            if (!chart.equals(c.get("id").asString())) {
                continue;
            }
            for (JsonNode s : c.get("series")) {
                if (series.test(s.get("name").asString())) {
                    for (JsonNode value : s.get("values")) {
                        if (value.isNumber()) {
                            highest = Math.max(highest, value.asDouble());
                        }
                    }
                }
            }
        }
        return highest;
    }

    /** How many samples the dashboard has taken, as the trends page says. */
    private static int samples() {
        return Integer.parseInt(browser.text(By.id("samples")).split(" ")[0]);
    }

    /** Per chart on the trends page, the points it drew. */
    private static Map<String, Integer> pointsDrawn() {
        Map<String, Integer> drawn = new TreeMap<>();
        for (WebElement chart : browser.driver().findElements(By.cssSelector("article.trend[data-points]"))) {
            drawn.put(chart.getAttribute("data-chart"), Integer.parseInt(chart.getAttribute("data-points")));
        }
        return drawn;
    }

    private void open(String path) {
        browser.open(dashboard.url() + path, AdminDashboard.USER, AdminDashboard.PASSWORD);
    }

    private static String serviceFigure(String service, String css) {
        return browser.text(By.cssSelector("#service-" + service + " " + css));
    }

    private static String figure(String service, String label) {
        return browser.driver().findElements(By.cssSelector("#service-" + service + " table.figures tr")).stream()
                .map(WebElement::getText).filter(row -> row.startsWith(label)).findFirst()
                .map(row -> row.substring(label.length()).trim())
                .orElseThrow(() -> new AssertionError(service + " shows no figure " + label));
    }

    private static List<String> unreported(String service) {
        return browser.driver().findElements(By.cssSelector("#service-" + service + " table.figures tr")).stream()
                .filter(row -> row.getText().endsWith("not reported")).map(row -> row.getAttribute("data-meter"))
                .toList();
    }
}
