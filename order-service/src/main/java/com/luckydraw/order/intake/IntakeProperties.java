package com.luckydraw.order.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The HTTP intake, under {@code luckydraw.intake}.
 *
 * @param sendTimeout how long {@code POST /purchases} waits for the broker to acknowledge the request
 */
@ConfigurationProperties("luckydraw.intake")
public record IntakeProperties(@DefaultValue("10s") Duration sendTimeout) {
}
