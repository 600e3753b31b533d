package com.luckydraw.admin.saga;

import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Asks order-service to push a stuck saga on ({@code POST /admin/orders/{id}/retry}). The dashboard only relays the
 * admin's request: order-service decides what a retry means for the order's state (resend the pending command,
 * which its receivers apply at most once).
 */
@Component
public class RetryingStuckSaga {

    /** Order ids are UUIDs; anything else is refused before it reaches order-service. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final MonitoredServices services;
    private final ServiceClient client;

    public RetryingStuckSaga(MonitoredServices services, ServiceClient client) {
        this.services = services;
        this.client = client;
    }

    public Fetched<String> retry(String orderId) {
        if (!ORDER_ID.matcher(orderId).matches()) {
            return Fetched.failed("not an order id: " + orderId);
        }
        return services.named(services.orderService())
                .map(order -> client.post(order.url() + "/admin/orders/{id}/retry", orderId))
                .orElseGet(() -> Fetched.failed("no service named " + services.orderService() + " is configured"));
    }
}
