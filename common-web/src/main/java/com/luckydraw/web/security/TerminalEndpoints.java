package com.luckydraw.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * What a service serves to registered terminals (role {@value ServiceSecurity#TERMINAL}) and to the operators, under
 * {@code luckydraw.web.terminal.endpoints}, in the form of {@link PublicEndpoints}. The service itself contributes
 * how a terminal is authenticated (an {@code AuthenticationProvider} bean) and decides which terminal may see what
 * (a terminal acts only as itself).
 */
@ConfigurationProperties("luckydraw.web.terminal")
public record TerminalEndpoints(List<String> endpoints) {

    public TerminalEndpoints {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        endpoints.forEach(PublicEndpoints::parse);
    }

    public List<PublicEndpoints.Endpoint> parsed() {
        return endpoints.stream().map(PublicEndpoints::parse).toList();
    }
}
