package com.luckydraw.e2e;

/**
 * A record as a console producer types it: the key, the value's text, and for a record the consumer must refuse, the
 * words its dead-letter reason ({@code luckydraw-dlt-reason}) must contain (empty for one it must accept).
 */
record TypedRecord(String name, String key, String value, String reason) {

    TypedRecord {
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException(name + ": the console producer sends one record per line");
        }
    }
}
