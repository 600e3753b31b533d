package com.luckydraw.infra.load.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads how much CPU time processes have used so far, from {@code /proc} (Linux). Sampled at the start and the end
 * of a measured window; the difference is what the window cost ({@link CpuUse}).
 *
 * <p>A process with children (PostgreSQL's postmaster) counts its own time, the time of the children it has reaped
 * (a backend or autovacuum worker that exited during the window moves there), and, recursively, that of its live
 * children: no CPU is counted twice or lost when a child exits between two samples.
 */
public final class ProcessCpu {

    /** USER_HZ, the unit of /proc's times: 100 on every Linux architecture's user-space ABI. */
    public static final long LINUX_TICKS_PER_SECOND = 100;

    private final Path proc;
    private final long ticksPerSecond;

    public ProcessCpu(Path proc, long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticks per second must be positive, was " + ticksPerSecond);
        }
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    public static ProcessCpu system() {
        return new ProcessCpu(Path.of("/proc"), LINUX_TICKS_PER_SECOND);
    }

    /** Whether there is a /proc to read (not on macOS or Windows: the run then has no CPU figures). */
    public boolean available() {
        return Files.isDirectory(proc.resolve("self")) || Files.isDirectory(proc.resolve("1"));
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /**
     * Each watched process's CPU ticks so far, by name, in the order given; a process that no longer exists is
     * left out (its share of the window is unknown, not zero).
     */
    public Map<String, Long> sample(List<WatchedProcess> watched) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<Long, List<ProcStat>> children = watched.stream().anyMatch(WatchedProcess::withChildren)
                ? childrenByParent() : Map.of();
        for (var process : watched) {
            stat(process.pid()).ifPresent(stat -> ticks.put(process.name(),
                    process.withChildren() ? treeTicks(stat, children) : stat.ownTicks()));
        }
        return ticks;
    }

    /** Samples now; {@link Window#end} samples again and gives what the window between cost. */
    public Window start(List<WatchedProcess> watched) {
        return new Window(List.copyOf(watched), available() ? sample(watched) : Map.of());
    }

    /** A measured window that has started. */
    public final class Window {
        private final List<WatchedProcess> watched;
        private final Map<String, Long> atStart;

        private Window(List<WatchedProcess> watched, Map<String, Long> atStart) {
            this.watched = watched;
            this.atStart = atStart;
        }

        /** The CPU used since the start, per {@code completed} purchases; empty without /proc. */
        public CpuUse end(long completed) {
            Map<String, Long> atEnd = atStart.isEmpty() ? Map.of() : sample(watched);
            return CpuUse.between(atStart, atEnd, ticksPerSecond, completed);
        }
    }

    private long treeTicks(ProcStat root, Map<Long, List<ProcStat>> children) {
        long total = root.ticksWithReapedChildren();
        for (var child : children.getOrDefault(root.pid(), List.of())) {
            total += treeTicks(child, children);
        }
        return total;
    }

    private Optional<ProcStat> stat(long pid) {
        try {
            return Optional.of(ProcStat.parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that exits while being read gives ESRCH on some kernels: gone, like a missing file.
            if (!Files.exists(proc.resolve(Long.toString(pid)))) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        }
    }

    private Map<Long, List<ProcStat>> childrenByParent() {
        Map<Long, List<ProcStat>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                stat(Long.parseLong(entry.getFileName().toString()))
                        .ifPresent(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }
}
