package com.luckydraw.infra.demo;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Ids of demo runs: the start time to the second, e.g. {@code 20261123T023145}; valid inside bizIds and user ids. */
final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private RunIds() {
    }

    static String next() {
        return FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
