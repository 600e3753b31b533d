package com.luckydraw.web.bodylimit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Puts {@link BodyLimitFilter} in front of every request, before the security filters and anything that parses. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(BodyLimit.class)
public class BodyLimitConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(BodyLimit limit) {
        var registration = new FilterRegistrationBean<>(new BodyLimitFilter(limit.bytes()));
        // Spring Security's chain sits at -100: an oversize body is refused before a password is even checked.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
