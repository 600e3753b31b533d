package com.luckydraw.order.order;

import com.luckydraw.events.PaymentMethod;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Order aggregate's guarded transitions, without a database. */
class OrderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Order placed(int shares, PaymentMethod method) {
        return Order.place(new PurchaseKey("pos-1", "biz-1"), new Purchase("u-1", 7, shares, 150, "CNY", method), T0,
                T0.plusSeconds(10));
    }

    private static Order completed() {
        Order order = placed(2, PaymentMethod.MONEY);
        order.markPaid(T0.plusSeconds(1), T0.plusSeconds(11));
        order.complete(new LuckyNumbers(100, 101), T0.plusSeconds(2));
        return order;
    }

    @Test
    void placedOrderIsPendingWithItsIdFromTheKeyAndItsFirstStepDue() {
        Order order = placed(2, PaymentMethod.MONEY);

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.id()).isEqualTo(OrderId.of(new PurchaseKey("pos-1", "biz-1")));
        assertThat(order.stepAttempts()).isEqualTo(1);
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(10));
        assertThat(order.unsavedChanges()).containsExactly(new StatusChange(null, OrderStatus.PENDING, "requested", T0));
    }

    @Test
    void moneyPurchaseCostsSharesTimesPriceAndFreeTriesCostNoMoney() {
        assertThat(placed(3, PaymentMethod.MONEY).purchase().amount()).isEqualTo(new Money(450, "CNY"));
        assertThat(placed(3, PaymentMethod.MONEY).purchase().freeTries()).isZero();
        assertThat(placed(3, PaymentMethod.FREE_TRIES).purchase().amount()).isEqualTo(Money.zero("CNY"));
        assertThat(placed(3, PaymentMethod.FREE_TRIES).purchase().freeTries()).isEqualTo(3);
    }

    @Test
    void paidOrderBeginsTheAllocationStepWithFreshAttempts() {
        Order order = placed(2, PaymentMethod.MONEY);
        order.stepResent(T0.plusSeconds(10), T0.plusSeconds(20));

        order.markPaid(T0.plusSeconds(12), T0.plusSeconds(22));

        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.stepAttempts()).isEqualTo(1);
        assertThat(order.stepStartedAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(22));
    }

    @Test
    void completionNeedsOneLuckyNumberPerShare() {
        Order order = placed(2, PaymentMethod.MONEY);
        order.markPaid(T0, T0.plusSeconds(10));

        assertThatThrownBy(() -> order.complete(new LuckyNumbers(100, 102), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not make the 2 shares");
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void finishedOrderRefusesEveryTransition() {
        Order order = completed();

        assertThatThrownBy(() -> order.markPaid(T0, T0)).isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("COMPLETED -> PAID").hasMessageContaining("it is finished");
        assertThatThrownBy(() -> order.cancel("LATE", T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.startRefund("LATE", T0, T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.escalate("LATE", T0, T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.voidByOperator(T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.stepResent(T0, T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(order.stepDeadline()).isNull();
    }

    @Test
    void pendingOrderCannotSkipToCompletedOrEscalated() {
        Order order = placed(1, PaymentMethod.MONEY);

        assertThatThrownBy(() -> order.complete(new LuckyNumbers(1, 1), T0))
                .isInstanceOf(IllegalOrderTransitionException.class).hasMessageContaining("PENDING -> COMPLETED");
        assertThatThrownBy(() -> order.escalate("why", T0, T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.voidByOperator(T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.retryByOperator(T0, T0)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void refundKeepsItsReasonForTheCancellation() {
        Order order = placed(1, PaymentMethod.MONEY);
        order.markPaid(T0, T0.plusSeconds(10));

        order.startRefund("SOLD_OUT", T0.plusSeconds(1), T0.plusSeconds(11));
        order.compensationFailed(T0.plusSeconds(2), T0.plusSeconds(50));
        order.cancel(order.cancelReason(), T0.plusSeconds(60));

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancelReason()).isEqualTo("SOLD_OUT");
        assertThat(order.unsavedChanges()).extracting(StatusChange::to).containsExactly(OrderStatus.PENDING,
                OrderStatus.PAID, OrderStatus.REFUNDING, OrderStatus.COMPENSATION_FAILED, OrderStatus.CANCELLED);
    }

    @Test
    void cancellationNeedsAReason() {
        Order order = placed(1, PaymentMethod.MONEY);

        assertThatThrownBy(() -> order.cancel(" ", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void resentStepCountsItsAttemptsAndKeepsTheStatus() {
        Order order = placed(1, PaymentMethod.MONEY);

        order.stepResent(T0.plusSeconds(10), T0.plusSeconds(20));
        order.stepResent(T0.plusSeconds(20), T0.plusSeconds(30));

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.stepAttempts()).isEqualTo(3);
        assertThat(order.stepStartedAt()).isEqualTo(T0);
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void escalatedOrderIsDueForItsVoidUnlessAnOperatorRetriesIt() {
        Order order = placed(1, PaymentMethod.MONEY);
        order.markPaid(T0, T0.plusSeconds(10));
        order.escalate("no allocation reply", T0.plusSeconds(50), T0.plusSeconds(350));

        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(350));
        assertThat(order.stepAttempts()).as("no void sent yet").isZero();
        order.voidByOperator(T0.plusSeconds(60));
        assertThat(order.status()).isEqualTo(OrderStatus.ESCALATED);
        assertThat(order.stepDeadline()).as("an operator's void is due at once").isEqualTo(T0.plusSeconds(60));

        order.retryByOperator(T0.plusSeconds(100), T0.plusSeconds(110));
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.stepAttempts()).isEqualTo(1);
        assertThat(order.stepDeadline()).isEqualTo(T0.plusSeconds(110));
    }

    @Test
    void purchasesDifferIn() {
        var mine = new Purchase("u-1", 7, 2, 150, "CNY", PaymentMethod.MONEY);
        var theirs = new Purchase("u-2", 7, 2, 150, "CNY", PaymentMethod.FREE_TRIES);

        assertThat(mine.differencesFrom(mine)).isEmpty();
        assertThat(mine.differencesFrom(theirs)).containsExactly("userId u-1 (accepted) vs u-2 (now)",
                "paymentMethod MONEY (accepted) vs FREE_TRIES (now)");
    }
}
