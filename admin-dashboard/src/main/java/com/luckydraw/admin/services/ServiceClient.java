package com.luckydraw.admin.services;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls the services' HTTP endpoints with short timeouts and the configured credentials, and turns every failure
 * into a {@link Fetched} with a readable reason. URLs may hold {@code {name}} placeholders, filled from the
 * {@code variables} and encoded. Also runs a page's calls side by side, so one page costs the
 * slowest call, not the sum.
 */
@Component
public class ServiceClient implements DisposableBean {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;
    private final long timeoutMillis;
    private final ExecutorService calls;

    public ServiceClient(MonitoredServices config) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(config.timeout());
        this.http = RestClient.builder().requestFactory(requests).defaultHeaders(headers -> {
            if (config.credentials().present()) {
                headers.setBasicAuth(config.credentials().user(), config.credentials().password());
            }
        }).build();
        // Generous: every call has its own connect and read timeouts; this only guards against a hung task.
        this.timeoutMillis = config.timeout().toMillis() * 4;
        AtomicInteger threads = new AtomicInteger();
        // Unbounded on purpose: a page's reads may themselves fan out (health and meters of every service), and
        // nested waits on a bounded pool can deadlock. Admin traffic keeps the number of threads small.
        this.calls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A JSON object, also from a 503 answer: a DOWN service's health endpoint answers 503 with the details that
     * say why, which is exactly what the dashboard has to show.
     */
    public Fetched<Map<String, Object>> jsonObject(String url, Object... variables) {
        return call(url, () -> http.get().uri(url, variables).accept(MediaType.APPLICATION_JSON).retrieve()
                .onStatus(status -> status.value() == HttpStatus.SERVICE_UNAVAILABLE.value(), (request, response) -> {
                })
                .body(JSON_OBJECT));
    }

    /** Any JSON document: an array, or an object (a page, or a map of figures). */
    public Fetched<Object> json(String url, Object... variables) {
        return call(url, () -> http.get().uri(url, variables).accept(MediaType.APPLICATION_JSON).retrieve().body(Object.class));
    }

    /** A plain-text document, e.g. the Prometheus exposition format. */
    public Fetched<String> text(String url, Object... variables) {
        return call(url, () -> http.get().uri(url, variables).accept(MediaType.TEXT_PLAIN).retrieve().body(String.class));
    }

    /** A POST without a body; gives the answer's text (which may be empty). */
    public Fetched<String> post(String url, Object... variables) {
        return call(url, () -> {
            String body = http.post().uri(url, variables).accept(MediaType.APPLICATION_JSON, MediaType.ALL).retrieve()
                    .body(String.class);
            return body == null ? "" : body;
        });
    }

    /** Runs the calls side by side and gives their results in order. */
    public <T> List<T> all(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        tasks.forEach(task -> futures.add(calls.submit(task)));
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get(timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the services", e);
            } catch (ExecutionException | TimeoutException e) {
                future.cancel(true);
                throw new IllegalStateException("a call to a service failed unexpectedly", e);
            }
        }
        return results;
    }

    private <T> Fetched<T> call(String url, Callable<T> call) {
        try {
            return Fetched.of(call.call());
        } catch (HttpStatusCodeException e) {
            String body = e.getResponseBodyAsString();
            return Fetched.failed("HTTP " + e.getStatusCode().value() + " from " + url
                    + (body.isBlank() ? "" : ": " + abbreviate(body)));
        } catch (RestClientException e) {
            return Fetched.failed("no answer from " + url + ": " + rootMessage(e));
        } catch (Exception e) {
            return Fetched.failed("call to " + url + " failed: " + rootMessage(e));
        }
    }

    /** The cause a person can act on: "connection refused" rather than the HTTP client's inner exception. */
    private static String rootMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "connection refused (is it running?)";
            }
            if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                String message = cause.getMessage();
                return cause.getClass().getSimpleName() + (message == null ? "" : " (" + abbreviate(message) + ")");
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }
}
