package com.luckydraw.infra.demo;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo stream's shape: what infra/bin/run promises about the records it publishes. */
class DemoStreamTest {

    private static final DemoPlan PLAN = new DemoPlan("20260101T000000", "CNY",
            List.of(new DemoPlan.User("demo-a", 100_00, 3, ""), new DemoPlan.User("demo-b", 0, 1, "")),
            List.of(new DemoPlan.Round(11, "small", 30, 1_00, true), new DemoPlan.Round(12, "big", 5000, 2_00, false)));

    private final List<PurchaseRequested> records = DemoStream.records(PLAN, DemoStream.Options.defaults());

    private Map<String, List<PurchaseRequested>> byKey() {
        return records.stream().collect(Collectors.groupingBy(r -> r.posId() + ":" + r.bizId()));
    }

    @Test
    void everyPurchaseIsSentAndAboutATenthIsResentWithTheSamePayloadAndANewMessageId() {
        var byKey = byKey();
        assertThat(byKey).hasSize(200);
        long resent = byKey.values().stream().filter(copies -> copies.size() > 1).count();
        assertThat(resent).isBetween(10L, 30L);
        for (List<PurchaseRequested> copies : byKey.values()) {
            assertThat(copies).extracting(PurchaseRequested::messageId).doesNotHaveDuplicates();
            assertThat(copies).extracting(PurchaseRequested::userId, PurchaseRequested::roundId,
                    PurchaseRequested::shares, PurchaseRequested::pricePerShare, PurchaseRequested::paymentMethod,
                    PurchaseRequested::orderId).containsOnly(
                    org.assertj.core.groups.Tuple.tuple(copies.get(0).userId(), copies.get(0).roundId(),
                            copies.get(0).shares(), copies.get(0).pricePerShare(), copies.get(0).paymentMethod(),
                            copies.get(0).orderId()));
        }
    }

    @Test
    void aResendFollowsItsOriginal() {
        Map<String, Integer> firstIndex = new java.util.HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).posId() + ":" + records.get(i).bizId();
            Integer first = firstIndex.putIfAbsent(key, i);
            if (first != null) {
                assertThat(i - first).isBetween(1, 40);
            }
        }
    }

    @Test
    void bothRoundsAtTheirPricesSomeFreeTriesAndEveryBuyer() {
        var purchases = byKey().values().stream().map(c -> c.get(0)).toList();
        Map<Long, List<PurchaseRequested>> byRound = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseRequested::roundId));
        assertThat(byRound.keySet()).containsExactlyInAnyOrder(11L, 12L);
        assertThat(byRound.get(11L)).allMatch(p -> p.pricePerShare() == 1_00);
        assertThat(byRound.get(12L)).allMatch(p -> p.pricePerShare() == 2_00);
        // The small round is asked for several times what it holds.
        assertThat(byRound.get(11L).stream().mapToInt(PurchaseRequested::shares).sum()).isGreaterThan(2 * 30);
        var freeTries = purchases.stream().filter(p -> p.paymentMethod() == PaymentMethod.FREE_TRIES).toList();
        assertThat(freeTries).hasSizeBetween(8, 35).allMatch(p -> p.shares() == 1);
        Map<String, Long> perUser = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseRequested::userId, Collectors.counting()));
        assertThat(perUser.get("demo-a")).isGreaterThan(2 * perUser.get("demo-b"));
        assertThat(purchases).allMatch(p -> p.bizId().startsWith(PLAN.bizIdPrefix()));
    }

    @Test
    void theSameSeedGivesTheSamePurchases() {
        Function<List<PurchaseRequested>, List<String>> shape = l -> l.stream()
                .map(p -> p.bizId() + p.posId() + p.userId() + p.roundId() + p.shares() + p.paymentMethod()).toList();
        assertThat(shape.apply(DemoStream.records(PLAN, DemoStream.Options.defaults()))).isEqualTo(shape.apply(records));
    }
}
