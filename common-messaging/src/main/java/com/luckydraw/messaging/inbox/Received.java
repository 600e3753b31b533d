package com.luckydraw.messaging.inbox;

import com.luckydraw.events.Message;

/** A message as it arrived: where from, so the inbox can say which record applied it. */
public record Received<T extends Message>(T message, String topic, int partition, long offset) {
}
