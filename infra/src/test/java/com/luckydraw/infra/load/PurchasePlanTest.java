package com.luckydraw.infra.load;

import com.luckydraw.events.order.PurchaseRequested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PurchasePlanTest {

    private static PurchasePlan plan(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--seed";
        all[args.length + 1] = "7";
        all[args.length + 2] = "--run-id";
        all[args.length + 3] = "t";
        return new PurchasePlan(LoadOptions.parse(all));
    }

    @Test
    void hotRoundTakesAllTrafficByDefault() {
        var plan = plan("--rounds", "1");
        for (int i = 0; i < 1000; i++) {
            assertThat(plan.next().request().roundId()).isEqualTo(1);
        }
    }

    @Test
    void coldRoundsShareTrafficEvenly() {
        var plan = plan("--rounds", "100", "--round-base", "11", "--hot-share", "0");
        Map<Long, Integer> perRound = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            perRound.merge(plan.next().request().roundId(), 1, Integer::sum);
        }

        assertThat(perRound.keySet()).hasSize(100).allSatisfy(r -> assertThat(r).isBetween(11L, 110L));
        assertThat(perRound.values()).allSatisfy(n -> assertThat(n).isBetween(120, 280));
    }

    @Test
    void hotShareSendsThatFractionToTheFirstRound() {
        var plan = plan("--rounds", "100", "--hot-share", "0.5");
        int hot = 0;
        for (int i = 0; i < 10_000; i++) {
            if (plan.next().request().roundId() == 1) {
                hot++;
            }
        }
        // half directly, plus the uniform pick landing on round 1 one time in a hundred.
        assertThat(hot).isBetween(4_800, 5_300);
    }

    @Test
    void newPurchasesHaveDistinctKeysAndStayInBounds() {
        var plan = plan("--users", "50", "--max-shares", "4", "--terminals", "3", "--price", "120");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            var planned = plan.next();
            PurchaseRequested r = planned.request();
            assertThat(planned.duplicate()).isFalse();
            assertThat(keys.add(r.posId() + ":" + r.bizId())).isTrue();
            assertThat(r.userId()).matches("user-([1-9]|[1-4][0-9]|50)");
            assertThat(r.shares()).isBetween(1, 4);
            assertThat(r.posId()).isIn("pos-1", "pos-2", "pos-3");
            assertThat(r.pricePerShare()).isEqualTo(120);
            assertThat(r.bizId()).startsWith("t-");
        }
        assertThat(plan.purchases()).isEqualTo(5000);
    }

    @Test
    void duplicatesResendAnEarlierPurchaseUnderANewMessageId() {
        var plan = plan("--duplicates", "0.1", "--rounds", "10", "--hot-share", "0");
        Map<String, PurchaseRequested> originals = new HashMap<>();
        int duplicates = 0;
        for (int i = 0; i < 10_000; i++) {
            var planned = plan.next();
            var r = planned.request();
            String key = r.posId() + ":" + r.bizId();
            if (planned.duplicate()) {
                duplicates++;
                var original = originals.get(key);
                assertThat(original).as("a duplicate resends a purchase sent before").isNotNull();
                assertThat(r.messageId()).isNotEqualTo(original.messageId());
                assertThat(r.orderId()).isEqualTo(original.orderId());
                assertThat(r).usingRecursiveComparison().ignoringFields("messageId", "occurredAt")
                        .isEqualTo(original);
            } else {
                assertThat(originals.put(key, r)).isNull();
            }
        }
        assertThat(duplicates).isBetween(900, 1100);
        assertThat(plan.purchases()).isEqualTo(10_000 - duplicates);
    }

    @Test
    void sameSeedSameSequence() {
        var a = plan("--rounds", "5", "--hot-share", "0.3", "--duplicates", "0.2");
        var b = plan("--rounds", "5", "--hot-share", "0.3", "--duplicates", "0.2");
        for (int i = 0; i < 500; i++) {
            var x = a.next();
            var y = b.next();
            assertThat(y.duplicate()).isEqualTo(x.duplicate());
            assertThat(y.request().bizId()).isEqualTo(x.request().bizId());
            assertThat(y.request().roundId()).isEqualTo(x.request().roundId());
            assertThat(y.request().userId()).isEqualTo(x.request().userId());
        }
    }
}
