package com.luckydraw.admin.services;

import java.util.function.Function;

/**
 * What one call to a service gave: a value, or why there is none. Pages show the reason instead of failing,
 * because a dashboard is most needed exactly when a service is down.
 */
public record Fetched<T>(T value, String error) {

    public static <T> Fetched<T> of(T value) {
        return new Fetched<>(value, null);
    }

    public static <T> Fetched<T> failed(String error) {
        return new Fetched<>(null, error);
    }

    public boolean ok() {
        return error == null;
    }

    public <R> Fetched<R> map(Function<T, R> mapping) {
        return ok() ? of(mapping.apply(value)) : failed(error);
    }

    public T orElse(T fallback) {
        return ok() && value != null ? value : fallback;
    }
}
