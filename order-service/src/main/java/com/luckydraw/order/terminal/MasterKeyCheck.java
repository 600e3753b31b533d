package com.luckydraw.order.terminal;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Refuses the start without a usable master key before the context is refreshed, so before the database is migrated
 * or Kafka is joined: otherwise the key's properties are first bound when the registry is built, after the migrations
 * ran. Registered in META-INF/spring.factories; the failure report names {@code TERMINALS_MASTER_KEY}.
 */
public final class MasterKeyCheck implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        // The record's constructor is the check: unset, blank, not base64 or not 32 bytes.
        Binder.get(event.getApplicationContext().getEnvironment())
                .bindOrCreate("luckydraw.terminals", TerminalsProperties.class);
    }
}
