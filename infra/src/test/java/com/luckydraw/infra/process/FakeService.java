package com.luckydraw.infra.process;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for a service jar in the launcher's tests: serves {@code /actuator/health} on {@code --server.port}.
 * {@code FAKE_MODE=crash} exits with code 3 before serving; {@code down} answers DOWN; {@code stubborn} ignores
 * SIGTERM (its shutdown hook never ends), so only SIGKILL stops it.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String mode = System.getenv().getOrDefault("FAKE_MODE", "up");
        System.out.println("fake service starting, mode " + mode + ", namespace "
                + System.getenv("LUCKYDRAW_TOPICS_NAMESPACE") + ", database " + System.getenv("PGHOST") + ":"
                + System.getenv("PGPORT") + "/" + System.getenv("WALLET_DB") + "," + System.getenv("LOTTERY_DB") + ","
                + System.getenv("ORDERS_DB") + ", admin " + System.getenv("SERVICE_ADMIN_USER") + "/"
                + System.getenv("SERVICE_ADMIN_PASSWORD") + ", args " + String.join(" ", args));
        if (mode.equals("crash")) {
            System.out.println("fake service: cannot start");
            System.exit(3);
        }
        int port = 0;
        for (String arg : args) {
            if (arg.startsWith("--server.port=")) {
                port = Integer.parseInt(arg.substring("--server.port=".length()));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        byte[] body = ("{\"status\":\"" + (mode.equals("down") ? "DOWN" : "UP") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/actuator/health", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(mode.equals("down") ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        if (mode.equals("stubborn")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        new CountDownLatch(1).await();
    }
}
