package com.luckydraw.web.ratelimit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** Puts {@link RateLimitFilter} right after the security filters, when a service lists limits. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RateLimit.class)
public class RateLimitConfiguration {

    /** Spring Security's chain sits at -100: after it the caller's principal is known. */
    static final int ORDER = -50;

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimit rateLimit) {
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(rateLimit));
        registration.setOrder(ORDER);
        registration.setEnabled(!rateLimit.limits().isEmpty());
        return registration;
    }
}
