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
 */
public sealed interface AllocationOutcome {

    AllocationRequest request();

    boolean repeat();

    /** The reply for the requester, correlated with its command and keyed by order id. */
    LotteryEvent reply(Instant now);

    record Allocated(AllocationRequest request, Allocation allocation, boolean repeat) implements AllocationOutcome {

        @Override
        public SharesAllocated reply(Instant now) {
            AllocateShares c = request.command();
            return new SharesAllocated(UUID.randomUUID(), SharesAllocated.SCHEMA_VERSION, c.bizId(), c.posId(),
                    c.correlationId(), now, allocation.userId(), allocation.roundId().value(), allocation.shares(),
                    allocation.firstNumber(), allocation.lastNumber());
        }
    }

    record Rejected(AllocationRequest request, AllocationRejection reason, String detail, boolean repeat)
            implements AllocationOutcome {

        @Override
        public AllocationRejected reply(Instant now) {
            AllocateShares c = request.command();
            return new AllocationRejected(UUID.randomUUID(), AllocationRejected.SCHEMA_VERSION, c.bizId(),
                    c.posId(), c.correlationId(), now, c.userId(), c.roundId(), c.shares(), reason, detail);
        }
    }

    /**
     * What was decided before for this request's key (by an earlier delivery, or earlier in this batch): the same
     * answer again, or a conflict.
     */
    static AllocationOutcome fromEarlier(Decision earlier, AllocationRequest request) {
        if (!earlier.requestHash().equals(request.requestHash())) {
            return conflict(request, earlier.roundId().value());
        }
        if (earlier instanceof Allocation a) {
            return new Allocated(request, a, true);
        }
        Rejection r = (Rejection) earlier;
        return new Rejected(request, r.reason(), r.detail(), true);
    }

    private static Rejected conflict(AllocationRequest request, long earlierRound) {
        return new Rejected(request, AllocationRejection.IDEMPOTENCY_CONFLICT, "bizId " + request.key().bizId()
                + " of posId " + request.key().posId() + " was used before for another request (round " + earlierRound
                + "); nothing was changed", false);
    }
}
