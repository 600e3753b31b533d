package com.luckydraw.e2e;

import com.luckydraw.events.Topics;
import com.luckydraw.infra.deadletter.DeadLetter;
import com.luckydraw.infra.deadletter.DeadLetterTopic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service's dead-letter topic from where it ended when the test began. */
record DeadLettersSince(DeadLetterTopic topic, long from) {

    static DeadLettersSince of(E2eSystem system, String consumed) {
        TopicMark mark = TopicMark.of(system, Topics.deadLetterOf(consumed));
        return new DeadLettersSince(new DeadLetterTopic(system.bootstrap,
                mark.topic()), mark.firstOffset());
    }

    /** The dead letters written since the mark. */
    List<DeadLetter> now() {
        return topic.read(from);
    }

    /** Waits until every record is there, then checks each one's bytes, key, consumer, source and reason. */
    void holdExactly(List<TypedRecord> records, String consumer) {
        List<DeadLetter> letters = await(topic.name() + " holding " + records.size() + " dead letters")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> topic.read(from), l -> l.size() >= records.size());
        assertThat(letters).as("only the bad records are dead-lettered").hasSize(records.size());
        String original = topic.name().substring(0, topic.name().length() - Topics.DEAD_LETTER_SUFFIX.length());
        for (TypedRecord record : records) {
            byte[] bytes = record.value().getBytes(StandardCharsets.UTF_8);
            var found = letters.stream().filter(l -> Arrays.equals(l.value() == null ? new byte[0] : l.value(),
                    bytes)).toList();
            assertThat(found).as(record.name() + ": its original bytes on " + topic.name()).hasSize(1);
            DeadLetter letter = found.get(0);
            assertThat(letter.key()).as(record.name()).isEqualTo(record.key());
            assertThat(letter.consumer()).as(record.name()).isEqualTo(consumer);
            assertThat(letter.originalTopic()).as(record.name()).isEqualTo(original);
            assertThat(letter.reason()).as(record.name() + ": the reason").contains(record.reason());
        }
    }
}
