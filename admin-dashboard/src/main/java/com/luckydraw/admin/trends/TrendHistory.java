package com.luckydraw.admin.trends;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} trend points, oldest first: a ring buffer in memory, so the dashboard's memory stays
 * bounded however long it runs. Lost when the dashboard restarts (docs/decisions.md).
 */
public final class TrendHistory {

    private final TrendPoint[] ring;
    private int next;
    private int size;

    public TrendHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a trend needs room for two points at least, not " + capacity);
        }
        this.ring = new TrendPoint[capacity];
    }

    public synchronized void add(TrendPoint point) {
        ring[next] = point;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Every point kept, oldest first. */
    public synchronized List<TrendPoint> points() {
        List<TrendPoint> points = new ArrayList<>(size);
        int oldest = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            points.add(ring[(oldest + i) % ring.length]);
        }
        return points;
    }

    public int capacity() {
        return ring.length;
    }
}
