package com.luckydraw.admin.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stand-in for one luckydraw service over real HTTP (the JDK's server on a random loopback port): answers the
 * actuator and admin paths the dashboard calls, with answers the test can change and calls it can inspect.
 */
public final class FakeService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status, content type and body. */
    public record Answer(int status, String contentType, String body) {

        static Answer json(Object value) {
            return json(200, value);
        }

        static Answer json(int status, Object value) {
            return new Answer(status, "application/json", JSON.writeValueAsString(value));
        }

        static Answer text(String body) {
            return new Answer(200, "text/plain;version=0.0.4;charset=utf-8", body);
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Function<HttpExchange, Answer>> routes = new ConcurrentHashMap<>();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private volatile String status = "UP";
    private volatile String downReason = "";
    private volatile String moreMeters = "";

    public FakeService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers GET (or any method) on an exact path, query string excluded. */
    public FakeService on(String path, Function<HttpExchange, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    public FakeService onJson(String path, Supplier<Object> body) {
        return on(path, exchange -> Answer.json(body.get()));
    }

    public FakeService onText(String path, Supplier<String> body) {
        return on(path, exchange -> Answer.text(body.get()));
    }

    /** Every POST received, as "path" (in order). */
    public List<String> posts() {
        return List.copyOf(posts);
    }

    /** Makes the health endpoint answer DOWN (503) with the given reason on the db component, or UP again. */
    public void health(String status, String reason) {
        this.status = status;
        this.downReason = reason == null ? "" : reason;
    }

    /** Prometheus lines served after the service's usual meters, e.g. meters a test makes move; "" for none. */
    public void moreMeters(String text) {
        this.moreMeters = text == null ? "" : text;
    }

    public String moreMeters() {
        return moreMeters;
    }

    public String status() {
        return status;
    }

    public String downReason() {
        return downReason;
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    static String body(HttpExchange exchange) {
        try {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T parse(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if ("POST".equals(exchange.getRequestMethod())) {
                posts.add(uri.getPath());
            }
            Function<HttpExchange, Answer> route = routes.get(uri.getPath());
            Answer answer = route == null ? Answer.json(404, Map.of("status", 404, "path", uri.getPath()))
                    : route.apply(exchange);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
