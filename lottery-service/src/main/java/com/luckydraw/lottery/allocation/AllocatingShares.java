package com.luckydraw.lottery.allocation;

import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.LotteryCommand;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.lottery.draw.DrawingRound;
import com.luckydraw.lottery.lock.LockProperties;
import com.luckydraw.lottery.lock.RoundLock;
import com.luckydraw.lottery.lock.RoundLocks;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundId;
import com.luckydraw.lottery.round.RoundStatus;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.lottery.round.StaleFencingTokenException;
import com.luckydraw.lottery.round.StaleRoundException;
import com.luckydraw.messaging.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Allocates shares for a batch of {@link AllocateShares}, and answers the {@link VoidAllocation}s among them (the
 * decision made before for the key, or a remembered VOIDED rejection: the tombstone), all or nothing per request, in one transaction: the
 * caller's (the Kafka listener's batch, with its inbox rows) or one of its own.
 *
 * <p>Per round of the batch, in round-id order (so two batches never wait for each other in a circle): one lock
 * acquisition, one read of the round, one look-up of the keys decided before, one conditional update adding every
 * share the batch sells, one insert of all allocations and one of all rejections. The replies go to the outbox
 * together. A round that sells its last share is drawn in the same transaction.
 *
 * <p>Under the Redis lock the update can still miss (a writer under the database lock, another instance whose
 * Redis lock expired): the round is read again and the group decided again, up to {@code max-attempts} times; then,
 * or at once when Redis is unavailable or our fencing token is refused, the round's row is locked
 * ({@code SELECT ... FOR UPDATE}) and the group decided under that lock, where the update cannot miss.
 */
@Service
public class AllocatingShares {

    private static final Logger log = LoggerFactory.getLogger(AllocatingShares.class);

    /** Attempts of a whole own transaction that lost a race on a request key to a concurrent transaction. */
    private static final int KEY_RACE_ATTEMPTS = 3;

    private final Rounds rounds;
    private final Allocations allocations;
    private final RoundLocks locks;
    private final DrawingRound drawing;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final LockProperties lockProperties;
    private final Counter updateRetries;
    private final Counter allocatedShares;
    private final Counter rejected;

    public AllocatingShares(Rounds rounds, Allocations allocations, RoundLocks locks, DrawingRound drawing,
            Outbox outbox, PlatformTransactionManager transactions, LockProperties lockProperties,
            MeterRegistry meters) {
        this.rounds = rounds;
        this.allocations = allocations;
        this.locks = locks;
        this.drawing = drawing;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.lockProperties = lockProperties;
        this.updateRetries = Counter.builder("luckydraw.lottery.allocation.update.retries")
                .description("conditional round updates that missed and were decided again").register(meters);
        this.allocatedShares = Counter.builder("luckydraw.lottery.allocation.shares")
                .description("shares allocated").register(meters);
        this.rejected = Counter.builder("luckydraw.lottery.allocation.rejections")
                .description("requests rejected, repeats and conflicts included").register(meters);
    }

    /**
     * Answers each command, in the order given. Inside a transaction, in that transaction; otherwise in a new one,
     * tried again if a concurrent transaction took one of the request keys first (the repeat then finds it).
     */
    public List<AllocationOutcome> allocate(List<? extends LotteryCommand> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return allocateInTransaction(commands);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> allocateInTransaction(commands));
            } catch (DuplicateKeyException e) {
                if (attempt == KEY_RACE_ATTEMPTS) {
                    throw e;
                }
                log.debug("a concurrent transaction decided one of the keys first; deciding again", e);
            }
        }
    }

    private List<AllocationOutcome> allocateInTransaction(List<? extends LotteryCommand> commands) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<AllocationRequest> requests = commands.stream().map(AllocatingShares::request).toList();
        AllocationOutcome[] outcomes = new AllocationOutcome[requests.size()];

        // A key twice in one batch: the first occurrence is decided with its round, the others repeat it.
        Map<RequestKey, Integer> firstOccurrence = new HashMap<>();
        SortedMap<RoundId, List<Integer>> byRound = new TreeMap<>();
        List<Integer> repeatsInBatch = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            AllocationRequest r = requests.get(i);
            if (firstOccurrence.putIfAbsent(r.key(), i) == null) {
                byRound.computeIfAbsent(r.roundId(), id -> new ArrayList<>()).add(i);
            } else {
                repeatsInBatch.add(i);
            }
        }
        Map<RequestKey, Decision> decisions = new HashMap<>();
        byRound.forEach((round, indexes) -> allocateRound(round, indexes, requests, outcomes, decisions, now));
        for (int i : repeatsInBatch) {
            AllocationRequest r = requests.get(i);
            outcomes[i] = AllocationOutcome.fromEarlier(decisions.get(r.key()), r, now);
        }

        List<AllocationOutcome> answered = Arrays.asList(outcomes);
        outbox.appendAll(answered.stream().map(o -> new Outbox.Outgoing(Topics.LOTTERY_EVENTS,
                o.request().orderId().toString(), o.reply())).toList());
        for (AllocationOutcome o : answered) {
            if (o instanceof AllocationOutcome.Allocated a && !a.repeat()) {
                allocatedShares.increment(a.allocation().shares());
            } else if (o instanceof AllocationOutcome.Rejected) {
                rejected.increment();
            }
        }
        return List.copyOf(answered);
    }

    /** One round's share of the batch: locked once, updated once. */
    private void allocateRound(RoundId roundId, List<Integer> indexes, List<AllocationRequest> requests,
            AllocationOutcome[] outcomes, Map<RequestKey, Decision> decisions, Instant now) {
        List<AllocationRequest> group = indexes.stream().map(requests::get).toList();
        RoundLock lock = locks.acquire(roundId);
        Optional<List<AllocationOutcome>> done = Optional.empty();
        if (lock instanceof RoundLock.Fenced fenced) {
            for (int attempt = 1; attempt <= lockProperties.maxAttempts() && done.isEmpty(); attempt++) {
                if (attempt > 1) {
                    updateRetries.increment();
                }
                Optional<Round> round = rounds.find(roundId);
                try {
                    done = decide(round, group, fenced.token(), decisions, now);
                } catch (StaleFencingTokenException e) {
                    log.warn("{}; deciding the round again under its row lock", e.getMessage());
                    locks.refused(roundId, e.currentToken());
                    break;
                }
            }
        }
        if (done.isEmpty()) {
            // The database's lock: nobody else writes the round until we commit, so the update cannot miss.
            Optional<Round> round = rounds.findForUpdate(roundId);
            long token = round.map(Round::fencingToken).orElse(0L);
            done = decide(round, group, token, decisions, now);
            if (done.isEmpty()) {
                throw new StaleRoundException(roundId, round.map(Round::version).orElse(-1L));
            }
        }
        List<AllocationOutcome> decided = done.get();
        for (int i = 0; i < indexes.size(); i++) {
            outcomes[indexes.get(i)] = decided.get(i);
        }
    }

    /**
     * Decides every request of the group against the round as read and writes the result; empty when the round
     * changed since it was read (nothing written then).
     */
    private Optional<List<AllocationOutcome>> decide(Optional<Round> round, List<AllocationRequest> group, long token,
            Map<RequestKey, Decision> decisions, Instant now) {
        // Read after the round: a key decided by a writer that committed after this look-up changed the round's
        // version too, and the update below then misses.
        Map<RequestKey, Decision> earlier = allocations.decided(group.stream().map(AllocationRequest::key).toList());
        RoundSale sale = round.map(r -> new RoundSale(r, now)).orElse(null);
        List<AllocationOutcome> outcomes = new ArrayList<>(group.size());
        List<Allocation> newAllocations = new ArrayList<>();
        List<Rejection> newRejections = new ArrayList<>();
        Map<RequestKey, Decision> made = new HashMap<>();
        for (AllocationRequest request : group) {
            Decision before = earlier.get(request.key());
            if (before != null) {
                made.put(request.key(), before);
                outcomes.add(AllocationOutcome.fromEarlier(before, request, now));
                continue;
            }
            Decision decision = request.voids() ? voided(request, now)
                    : sale == null ? unknownRound(request, now) : sale.offer(request);
            made.put(request.key(), decision);
            if (decision instanceof Allocation a) {
                newAllocations.add(a);
                outcomes.add(new AllocationOutcome.Allocated(request, a, false));
            } else {
                Rejection r = (Rejection) decision;
                newRejections.add(r);
                outcomes.add(new AllocationOutcome.Rejected(request, r.reason(), r.detail(), false,
                        r.createdAt()));
            }
        }
        if (sale != null && sale.sharesSold() > 0) {
            Optional<Round> sold = rounds.applySale(round.get(), sale.sharesSold(), token);
            if (sold.isEmpty()) {
                return Optional.empty();
            }
            allocations.insertAll(newAllocations);
            if (sold.get().status() == RoundStatus.SOLD_OUT) {
                drawing.draw(sold.get());
            }
        }
        allocations.insertRejections(newRejections);
        decisions.putAll(made);
        return Optional.of(outcomes);
    }

    private static AllocationRequest request(LotteryCommand command) {
        if (command instanceof VoidAllocation voiding) {
            return AllocationRequest.voiding(voiding);
        }
        return AllocationRequest.of((AllocateShares) command);
    }

    /** The tombstone of a request voided before it was decided: it never allocates afterwards. */
    private static Rejection voided(AllocationRequest request, Instant now) {
        return new Rejection(request.key(), request.roundId(), request.userId(), request.orderId(), request.shares(),
                AllocationRejection.VOIDED, "voided by order " + request.orderId() + " before it was decided",
                request.requestHash(), now);
    }

    private static Rejection unknownRound(AllocationRequest request, Instant now) {
        return new Rejection(request.key(), request.roundId(), request.userId(), request.orderId(), request.shares(),
                AllocationRejection.UNKNOWN_ROUND, "round " + request.roundId() + " does not exist",
                request.requestHash(), now);
    }
}
