package com.luckydraw.lottery.lock;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Health component {@code redis}: pings Redis through the lock's Redisson client with a one-second timeout. DOWN
 * means allocations run under database row locks only: correct, but each round's writers queue in PostgreSQL. The
 * component is not part of the readiness group (see application.yml), so an instance without Redis keeps serving.
 */
@Component("redisHealthIndicator")
public class RedisHealthIndicator implements HealthIndicator {

    private final RedissonClient redisson;
    private final RoundLocks locks;

    public RedisHealthIndicator(RedissonClient redisson, RoundLocks locks) {
        this.redisson = redisson;
        this.locks = locks;
    }

    @Override
    public Health health() {
        boolean answered;
        String error = null;
        try {
            // The locks live on the master: under Sentinel, a replica down (or a failover's old master) is no outage.
            answered = redisson.getConfig().isSentinelConfig()
                    ? redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster().ping(1, TimeUnit.SECONDS)
                    : redisson.getRedisNodes(RedisNodes.SINGLE).pingAll(1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            answered = false;
            error = e.toString();
        }
        if (answered) {
            return Health.up().withDetail("roundLocks", locks.skippingRedis()
                    ? "database row locks (Redis failed a moment ago)" : "Redis fenced locks").build();
        }
        var down = Health.down().withDetail("roundLocks", "database row locks: Redis does not answer");
        if (error != null) {
            down.withDetail("error", error);
        }
        return down.build();
    }
}
