package com.luckydraw.order.intake;

import com.luckydraw.events.Topics;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestTerminal;
import com.luckydraw.order.order.OrderStatus;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-terminal rate limit on the real intake: application.yml limits {@code POST /purchases} through
 * {@code INTAKE_RATE_PER_SECOND} and {@code INTAKE_RATE_BURST}, here 1 per second with a burst of 3. Its context is its
 * own (another limit), so the module's pom runs it in a JVM of its own; named by -Dtest, name it alone.
 */
@TestPropertySource(properties = {"INTAKE_RATE_PER_SECOND=1", "INTAKE_RATE_BURST=3"})
class PurchaseRateLimitIT extends OrderServiceTestBase {

    private static final int FLOOD = 8;

    private static String body(TestTerminal terminal, String bizId) {
        return """
                {"bizId":"%s","posId":"%s","userId":"u-rate","roundId":7,"shares":1,"pricePerShare":100,
                 "currency":"CNY","paymentMethod":"MONEY"}""".formatted(bizId, terminal.posId());
    }

    private ResponseEntity<String> buy(TestTerminal terminal, String bizId) {
        return http(terminal).post().uri("/purchases").contentType(MediaType.APPLICATION_JSON)
                .body(body(terminal, bizId)).retrieve().toEntity(String.class);
    }

    @Test
    void aTerminalPostingPastItsBurstGets429WhileAnotherTerminalIsStillAccepted() throws Exception {
        TestTerminal flooding = terminal("pos-rate-a");
        TestTerminal other = terminal("pos-rate-b");
        var requests = TestKafka.mark(Topics.PURCHASE_REQUESTS.name());

        // Released at once from several threads: the limit counts arrivals, so a slow answer (a loaded machine) cannot
        // spread the flood over the refills.
        List<String> bizIds = IntStream.range(0, FLOOD).mapToObj(i -> uniqueBizId("flood")).toList();
        ExecutorService threads = Executors.newFixedThreadPool(FLOOD);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = bizIds.stream().map(bizId -> threads.submit(() -> {
            gate.await();
            return buy(flooding, bizId);
        })).toList();
        long started = System.nanoTime();
        gate.countDown();
        List<ResponseEntity<String>> flood = new ArrayList<>();
        for (var answer : answers) {
            flood.add(answer.get(60, TimeUnit.SECONDS));
        }
        long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        threads.shutdown();
        String otherBizId = uniqueBizId("other");
        var otherAnswer = buy(other, otherBizId);

        List<Integer> refusedAt = IntStream.range(0, FLOOD)
                .filter(i -> flood.get(i).getStatusCode() == HttpStatus.TOO_MANY_REQUESTS).boxed().toList();
        assertThat(refusedAt).as(FLOOD + " purchases at once were all let through").isNotEmpty();
        ResponseEntity<String> refused = flood.get(refusedAt.get(0));
        assertThat(flood.stream().filter(answer -> answer.getStatusCode() == HttpStatus.ACCEPTED).count())
                .as("the burst of 3, plus one refill per second the flood took")
                .isBetween(3L, 3L + elapsedSeconds + 1);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isNotNull()
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(refused.getBody());
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asString())
                .contains("more than 1 requests per second (burst 3) to POST /purchases from " + flooding.posId());
        List<String> refusedKeys = refusedAt.stream().map(i -> flooding.posId() + ":" + bizIds.get(i)).toList();
        assertThat(TestKafka.readSince(requests).stream().filter(r -> refusedKeys.contains(r.key())))
                .as("the refused purchases are not published").isEmpty();
        for (int i : refusedAt) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE biz_id = ?", Long.class,
                    bizIds.get(i))).as("orders of a refused purchase").isZero();
        }

        assertThat(otherAnswer.getStatusCode()).as("another terminal has its own bucket: " + otherAnswer.getBody())
                .isEqualTo(HttpStatus.ACCEPTED);
        awaitStatus(UUID.fromString(json(otherAnswer.getBody()).path("orderId").asString()), OrderStatus.COMPLETED);

        // A limit, not a ban: once its permit is back, the flooding terminal buys again.
        String laterBizId = uniqueBizId("later");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> buy(flooding, laterBizId).getStatusCode() == HttpStatus.ACCEPTED);
    }
}
