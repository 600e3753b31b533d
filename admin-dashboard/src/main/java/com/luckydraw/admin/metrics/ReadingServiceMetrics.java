package com.luckydraw.admin.metrics;

import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.Callable;

/** Reads every service's {@code /actuator/prometheus}, side by side. */
@Component
public class ReadingServiceMetrics {

    private final MonitoredServices config;
    private final ServiceClient client;

    public ReadingServiceMetrics(MonitoredServices config, ServiceClient client) {
        this.config = config;
        this.client = client;
    }

    public List<ServiceMetrics> all() {
        List<Callable<ServiceMetrics>> calls = config.services().stream()
                .<Callable<ServiceMetrics>>map(service -> () -> of(service)).toList();
        return client.all(calls);
    }

    public ServiceMetrics of(MonitoredService service) {
        Fetched<String> text = client.text(service.actuator("/prometheus"));
        return text.ok() ? new ServiceMetrics(service, PrometheusText.parse(text.value()), null)
                : new ServiceMetrics(service, List.of(), text.error());
    }
}
