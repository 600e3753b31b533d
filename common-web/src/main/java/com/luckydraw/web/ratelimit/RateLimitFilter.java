package com.luckydraw.web.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.luckydraw.web.ProblemResponse;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Answers 429 with {@code Retry-After} to a caller that spends its burst on a limited endpoint faster than its
 * permits come back, so that one terminal's flood does not take the capacity the others need. Each caller (the
 * authenticated principal's name, else the remote address) has its own token bucket per limit (Bucket4j, greedy
 * refill); the buckets live in a bounded cache that drops idle callers.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final List<Limited> limits;
    private final Cache<Key, Bucket> buckets;

    RateLimitFilter(RateLimit rateLimit) {
        this.limits = rateLimit.limits().stream()
                .map(limit -> new Limited(limit, PathPatternParser.defaultInstance.parse(limit.pattern())))
                .toList();
        this.buckets = Caffeine.newBuilder().maximumSize(rateLimit.maxCallers())
                .expireAfterAccess(rateLimit.idleEviction()).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limited limited = limitOf(request);
        if (limited == null) {
            chain.doFilter(request, response);
            return;
        }
        String caller = caller(request);
        Bucket bucket = buckets.get(new Key(limited.limit().endpoint(), caller), key -> limited.newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        new ProblemResponse(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "more than " + limited.limit().permitsPerSecond() + " requests per second (burst "
                        + limited.limit().burst() + ") to " + limited.limit().endpoint() + " from " + caller
                        + "; retry after " + retryAfter + " s").send(request, response);
    }

    private Limited limitOf(HttpServletRequest request) {
        String method = request.getMethod();
        PathContainer path = null;
        for (Limited limited : limits) {
            if (!limited.limit().method().matches(method)) {
                continue;
            }
            if (path == null) {
                path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
            }
            if (limited.pattern().matches(path)) {
                return limited;
            }
        }
        return null;
    }

    /** The terminal (or operator) the security filters authenticated, else where the request comes from. */
    private static String caller(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null && principal.getName() != null
                ? principal.getName()
                : "address " + request.getRemoteAddr();
    }

    private record Key(String endpoint, String caller) {
    }

    private record Limited(RateLimit.Limit limit, PathPattern pattern) {

        Bucket newBucket() {
            return Bucket.builder().addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                    .refillGreedy(limit.permitsPerSecond(), Duration.ofSeconds(1))).build();
        }
    }
}
