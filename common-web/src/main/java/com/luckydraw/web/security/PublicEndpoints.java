package com.luckydraw.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;

/**
 * What a service serves to anybody, under {@code luckydraw.web.public.endpoints}: each entry a method and a path
 * pattern, e.g. {@code GET /wallets/**}. Everything not listed here (nor health, info and the error page) needs the
 * admin's login.
 */
@ConfigurationProperties("luckydraw.web.public")
public record PublicEndpoints(List<String> endpoints) {

    public PublicEndpoints {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        endpoints.forEach(PublicEndpoints::parse);
    }

    public List<Endpoint> parsed() {
        return endpoints.stream().map(PublicEndpoints::parse).toList();
    }

    public static Endpoint parse(String spec) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("luckydraw.web.public.endpoints: '" + spec
                    + "' is not 'METHOD /path' (e.g. 'GET /wallets/**')");
        }
        return new Endpoint(HttpMethod.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)), parts[1]);
    }

    /** One {@code METHOD /pattern} entry; the pattern in Spring's path-pattern syntax, as the filter chain reads it. */
    public record Endpoint(HttpMethod method, String pattern) {

        /**
         * Whether a request of {@code method} to a path of this shape is covered: a path template such as
         * {@code /wallets/{userId}} counts as a path whose variables are single segments.
         */
        public boolean covers(String method, String path) {
            return this.method.matches(method)
                    && PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path));
        }
    }
}
