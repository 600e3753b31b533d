package com.luckydraw.lottery.lock;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import java.time.Duration;

/**
 * The Redisson client of the round locks, from {@code spring.data.redis.*}. Ours rather than the starter's so that it
 * fails fast: connect and command timeouts from the configuration (1 s by default), no command retries, and lazy
 * initialisation so the service starts, and allocates under database locks, while Redis is down.
 */
@Configuration(proxyBeanMethods = false)
public class RedisLockConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(DataRedisProperties redis) {
        Config config = new Config();
        config.setLazyInitialization(true);
        var server = config.useSingleServer()
                .setAddress((redis.getSsl().isEnabled() ? "rediss://" : "redis://") + redis.getHost() + ":"
                        + redis.getPort())
                .setDatabase(redis.getDatabase())
                .setConnectTimeout(millis(redis.getConnectTimeout()))
                .setTimeout(millis(redis.getTimeout()))
                .setRetryAttempts(0)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16)
                .setSubscriptionConnectionMinimumIdleSize(1);
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
