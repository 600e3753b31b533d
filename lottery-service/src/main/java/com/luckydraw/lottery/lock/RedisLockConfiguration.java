package com.luckydraw.lottery.lock;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import java.time.Duration;

/**
 * The Redisson client of the round locks, from {@code spring.data.redis.*}. Ours rather than the starter's so that it
 * fails fast: connect and command timeouts from the configuration (1 s by default), no command retries, and lazy
 * initialisation so the service starts, and allocates under database locks, while Redis is down.
 *
 * <p>With {@code spring.data.redis.sentinel.master} and {@code .nodes} set, the client asks those Sentinels where the
 * master is and follows a failover to the promoted replica; otherwise it talks to {@code host:port}. Reads go to the
 * master too: a lock read from a lagging replica would be a wrong answer.
 */
@Configuration(proxyBeanMethods = false)
public class RedisLockConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(DataRedisProperties redis) {
        Config config = new Config();
        config.setLazyInitialization(true);
        String scheme = redis.getSsl().isEnabled() ? "rediss://" : "redis://";
        DataRedisProperties.Sentinel sentinel = redis.getSentinel();
        BaseConfig<?> server;
        if (sentinel != null && StringUtils.hasText(sentinel.getMaster())) {
            if (sentinel.getNodes() == null || sentinel.getNodes().isEmpty()) {
                throw new IllegalStateException("spring.data.redis.sentinel.master is set ("
                        + sentinel.getMaster() + ") but spring.data.redis.sentinel.nodes is empty");
            }
            var sentinels = config.useSentinelServers()
                    .setMasterName(sentinel.getMaster())
                    .setDatabase(redis.getDatabase())
                    .setReadMode(ReadMode.MASTER)
                    .setSubscriptionMode(SubscriptionMode.MASTER)
                    .setMasterConnectionMinimumIdleSize(2)
                    .setMasterConnectionPoolSize(16)
                    // Nothing is read from replicas; keep their pools to a minimum.
                    .setSlaveConnectionMinimumIdleSize(1)
                    .setSlaveConnectionPoolSize(2)
                    .setSubscriptionConnectionMinimumIdleSize(1);
            sentinel.getNodes().forEach(node -> sentinels.addSentinelAddress(scheme + node));
            if (StringUtils.hasText(sentinel.getUsername())) {
                sentinels.setSentinelUsername(sentinel.getUsername());
            }
            if (StringUtils.hasText(sentinel.getPassword())) {
                sentinels.setSentinelPassword(sentinel.getPassword());
            }
            server = sentinels;
        } else {
            server = config.useSingleServer()
                    .setAddress(scheme + redis.getHost() + ":" + redis.getPort())
                    .setDatabase(redis.getDatabase())
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(16)
                    .setSubscriptionConnectionMinimumIdleSize(1);
        }
        server.setConnectTimeout(millis(redis.getConnectTimeout()))
                .setTimeout(millis(redis.getTimeout()))
                .setRetryAttempts(0);
        if (StringUtils.hasText(redis.getUsername())) {
            server.setUsername(redis.getUsername());
        }
        if (StringUtils.hasText(redis.getPassword())) {
            server.setPassword(redis.getPassword());
        }
        return Redisson.create(config);
    }

    private static int millis(Duration duration) {
        return duration == null ? 1000 : Math.toIntExact(duration.toMillis());
    }
}
