package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.lottery.SharesAllocated;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to one {@link AllocateShares}: shares with their numbers, or a rejection. {@code repeat} when the
 * key was decided before (an earlier delivery, or earlier in the same batch) and this is that decision again.
 *
 * <p>A reply's {@code occurredAt} is when its decision was first made, so every resend of a command gets a reply
 * equal to the first in everything but {@code messageId}. (An exact redelivery, same message id, is skipped by the
 * inbox and answered once.)
 */
public sealed interface AllocationOutcome {

    AllocationRequest request();

    boolean repeat();

    /** The reply for the requester, correlated with its command and keyed by order id. */
    LotteryEvent reply();

    record Allocated(AllocationRequest request, Allocation allocation, boolean repeat) implements AllocationOutcome {

        @Override
        public SharesAllocated reply() {
            AllocateShares c = request.command();
            return new SharesAllocated(UUID.randomUUID(), SharesAllocated.SCHEMA_VERSION, c.bizId(), c.posId(),
                    c.correlationId(), allocation.createdAt(), allocation.userId(), allocation.roundId().value(),
                    allocation.shares(), allocation.firstNumber(), allocation.lastNumber());
        }
    }

    /** {@code decidedAt}: when the rejection was first decided (a conflict: now, it is not remembered). */
    record Rejected(AllocationRequest request, AllocationRejection reason, String detail, boolean repeat,
            Instant decidedAt) implements AllocationOutcome {

        @Override
        public AllocationRejected reply() {
            AllocateShares c = request.command();
            return new AllocationRejected(UUID.randomUUID(), AllocationRejected.SCHEMA_VERSION, c.bizId(),
                    c.posId(), c.correlationId(), decidedAt, c.userId(), c.roundId(), c.shares(), reason, detail);
        }
    }

    /**
     * What was decided before for this request's key (by an earlier delivery, or earlier in this batch): the same
     * answer again, or a conflict.
     */
    static AllocationOutcome fromEarlier(Decision earlier, AllocationRequest request, Instant now) {
        if (!earlier.requestHash().equals(request.requestHash())) {
            return conflict(request, earlier.roundId().value(), now);
        }
        if (earlier instanceof Allocation a) {
            return new Allocated(request, a, true);
        }
        Rejection r = (Rejection) earlier;
        return new Rejected(request, r.reason(), r.detail(), true, r.createdAt());
    }

    private static Rejected conflict(AllocationRequest request, long earlierRound, Instant now) {
        return new Rejected(request, AllocationRejection.IDEMPOTENCY_CONFLICT, "bizId " + request.key().bizId()
                + " of posId " + request.key().posId() + " was used before for another request (round " + earlierRound
                + "); nothing was changed", false, now);
    }
}
