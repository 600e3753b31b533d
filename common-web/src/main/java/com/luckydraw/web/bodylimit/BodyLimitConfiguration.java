package com.luckydraw.web.bodylimit;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
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

    /**
     * Tomcat answers {@code Expect: 100-continue} only once the application reads the body, not on the headers: a
     * client that asks first is refused with the 413 before it sends a byte of a body the filter would refuse.
     * Without this the client sends the whole body, Tomcat closes the connection once the unread rest passes its
     * swallow limit (2 MiB), and the reset can reach the client before the 413 does.
     */
    @Bean
    TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> continueOnlyWhenTheBodyIsRead() {
        return protocol -> protocol.setContinueResponseTiming("onRead");
    }
}
