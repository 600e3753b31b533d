package com.luckydraw.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** A service the tests need, where the configuration says it is, and how to start it when it is not there. */
record Endpoint(String service, String host, int port, String howToStart) {

    boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return service + " at " + host + ":" + port;
    }

    static Endpoint postgres(String jdbcUrl) {
        // jdbc:postgresql://host:port/db?params
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return new Endpoint("PostgreSQL", uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                "pg_ctlcluster 15 main start && infra/bin/db setup");
    }

    static Endpoint kafka(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return new Endpoint("Kafka", first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)),
                "infra/bin/kafka start");
    }

    static Endpoint redis(String host, int port) {
        return new Endpoint("Redis", host, port,
                "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
    }
}
