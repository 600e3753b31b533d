package com.luckydraw.e2e;

/**
 * A record no producer of the system would send, as a console producer types it: the key, the value's text, and
 * the words the consumer's dead-letter reason ({@code luckydraw-dlt-reason}) must contain.
 */
record BadRecord(String name, String key, String value, String reason) {

    BadRecord {
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException(name + ": the console producer sends one record per line");
        }
    }
}
