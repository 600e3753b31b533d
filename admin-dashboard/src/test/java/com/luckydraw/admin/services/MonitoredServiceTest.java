package com.luckydraw.admin.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MonitoredServiceTest {

    @Test
    void a_service_of_several_instances_lists_each_and_its_pages_call_the_first() {
        var service = new MonitoredService("order-service", "http://127.0.0.1:8083, http://127.0.0.1:8093/", null);

        assertThat(service.instanceUrls()).containsExactly("http://127.0.0.1:8083", "http://127.0.0.1:8093");
        assertThat(service.url()).isEqualTo("http://127.0.0.1:8083");
        assertThat(service.managementUrlOf("http://127.0.0.1:8093")).isEqualTo("http://127.0.0.1:8093/actuator");
        assertThat(service.actuator("/health")).isEqualTo("http://127.0.0.1:8083/actuator/health");
    }

    @Test
    void a_service_of_one_instance_keeps_its_configured_actuator() {
        var service = new MonitoredService("wallet-service", "http://127.0.0.1:8081/", "http://127.0.0.1:9081/manage");

        assertThat(service.instanceUrls()).containsExactly("http://127.0.0.1:8081");
        assertThat(service.managementUrlOf(service.url())).isEqualTo("http://127.0.0.1:9081/manage");
    }
}
