package com.luckydraw.admin.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the luckydraw pages behave, under {@code luckydraw.admin.pages}.
 *
 * @param refresh how often an open page reloads itself so admins watch live; zero turns it off
 */
@ConfigurationProperties("luckydraw.admin.pages")
public record PageSettings(Duration refresh) {

    public PageSettings {
        refresh = refresh == null ? Duration.ofSeconds(5) : refresh;
    }
}
