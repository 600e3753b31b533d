package com.luckydraw.web.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Per-caller rate limits, under {@code luckydraw.web.rate-limit}: each of {@code limits} names an endpoint
 * ({@code METHOD /path-pattern}), the permits a caller earns per second and the burst it may spend at once. A caller
 * is the authenticated principal (a terminal), else the remote address. The limiters of callers idle for
 * {@code idle-eviction} are dropped, and at most {@code max-callers} are kept, so a flood of new names cannot exhaust
 * memory.
 */
@ConfigurationProperties("luckydraw.web.rate-limit")
public record RateLimit(List<Limit> limits, Integer maxCallers, Duration idleEviction) {

    public RateLimit {
        limits = limits == null ? List.of() : List.copyOf(limits);
        maxCallers = maxCallers == null ? 100_000 : maxCallers;
        idleEviction = idleEviction == null ? Duration.ofMinutes(10) : idleEviction;
        if (maxCallers < 1) {
            throw new IllegalArgumentException("luckydraw.web.rate-limit.max-callers must be at least 1, not "
                    + maxCallers);
        }
        if (idleEviction.isNegative() || idleEviction.isZero()) {
            throw new IllegalArgumentException("luckydraw.web.rate-limit.idle-eviction must be positive, not "
                    + idleEviction);
        }
    }

    /** One limited endpoint; {@code burst} defaults to one second's permits. */
    public record Limit(String endpoint, Long permitsPerSecond, Long burst) {

        public Limit {
            if (permitsPerSecond == null || permitsPerSecond < 1) {
                throw new IllegalArgumentException("luckydraw.web.rate-limit.limits[].permits-per-second must be at "
                        + "least 1 (for '" + endpoint + "'), not " + permitsPerSecond);
            }
            burst = burst == null ? permitsPerSecond : burst;
            if (burst < 1) {
                throw new IllegalArgumentException("luckydraw.web.rate-limit.limits[].burst must be at least 1 (for '"
                        + endpoint + "'), not " + burst);
            }
            method(endpoint);
        }

        HttpMethod method() {
            return method(endpoint);
        }

        String pattern() {
            return endpoint.trim().split("\\s+")[1];
        }

        private static HttpMethod method(String endpoint) {
            String[] parts = endpoint == null ? new String[0] : endpoint.trim().split("\\s+");
            if (parts.length != 2 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("luckydraw.web.rate-limit.limits[].endpoint: '" + endpoint
                        + "' is not 'METHOD /path' (e.g. 'POST /purchases')");
            }
            return HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT));
        }
    }
}
