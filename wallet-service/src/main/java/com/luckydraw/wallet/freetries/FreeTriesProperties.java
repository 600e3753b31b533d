package com.luckydraw.wallet.freetries;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.ZoneId;

/**
 * Free tries, under {@code luckydraw.wallet}.
 *
 * @param freeTriesPerDay    tries each user gets per day
 * @param freeTriesResetCron when the daily reset runs ({@code -} disables the schedule)
 * @param zone               the zone whose calendar days the allowance follows
 */
@ConfigurationProperties("luckydraw.wallet")
public record FreeTriesProperties(@DefaultValue("3") int freeTriesPerDay,
        @DefaultValue("0 0 0 * * *") String freeTriesResetCron, @DefaultValue("UTC") ZoneId zone) {

    public FreeTriesProperties {
        if (freeTriesPerDay < 0) {
            throw new IllegalArgumentException("luckydraw.wallet.free-tries-per-day must not be negative");
        }
    }
}
