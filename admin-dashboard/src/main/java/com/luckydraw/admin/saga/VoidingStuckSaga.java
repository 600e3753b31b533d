package com.luckydraw.admin.saga;

import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Asks order-service to void the allocation request of a stuck saga ({@code POST /admin/orders/{id}/void}): the
 * lottery answers with the allocation if it happened, or voids it for good and the buyer is refunded. The dashboard
 * only relays the admin's request; order-service decides whether the order's state allows it.
 */
@Component
public class VoidingStuckSaga {

    /** Order ids are UUIDs; anything else is refused before it reaches order-service. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final MonitoredServices services;
    private final ServiceClient client;

    public VoidingStuckSaga(MonitoredServices services, ServiceClient client) {
        this.services = services;
        this.client = client;
    }

    public Fetched<String> voidAllocation(String orderId) {
        if (!ORDER_ID.matcher(orderId).matches()) {
            return Fetched.failed("not an order id: " + orderId);
        }
        return services.named(services.orderService())
                .map(order -> client.post(order.url() + "/admin/orders/{id}/void", orderId))
                .orElseGet(() -> Fetched.failed("no service named " + services.orderService() + " is configured"));
    }
}
