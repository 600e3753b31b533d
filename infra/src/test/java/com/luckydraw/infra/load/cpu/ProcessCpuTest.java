package com.luckydraw.infra.load.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCpuTest {

    /** A stat line as the kernel writes it, with the given CPU fields (ticks) and the rest plausible. */
    static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 1200 0 0 0 " + utime + " "
                + stime + " " + cutime + " " + cstime + " 20 0 1 0 5000 123456789 4000 18446744073709551615 1 1 0 0 0"
                + " 0 0 16781312 16390 0 0 0 17 1 0 0 0 0 0\n";
    }

    static void process(Path proc, long pid, String comm, long ppid, long utime, long stime, long cutime,
            long cstime) throws Exception {
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(pid + "/stat"), stat(pid, comm, ppid, utime, stime, cutime, cstime));
    }

    @Test
    void aStatLineIsReadFromTheLastParenthesisSoANameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        var s = ProcStat.parse(stat(4242, "java (main) x", 1, 1500, 300, 7, 2));

        assertThat(s).isEqualTo(new ProcStat(4242, 1, 1500, 300, 7, 2));
        assertThat(s.ownTicks()).isEqualTo(1800);
        assertThat(s.ticksWithReapedChildren()).isEqualTo(1809);
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> ProcStat.parse("hello")).hasMessageContaining("not a /proc/<pid>/stat line");
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2 3")).hasMessageContaining("too few fields");
        assertThatThrownBy(() -> ProcStat.parse(stat(12, "x", 1, 5, 5, 0, 0).replace(" 5 5 ", " 5 five ")))
                .hasMessageContaining("not a number");
    }

    @Test
    void aTreeCountsItsLiveDescendantsAndWhatItReapedAndASingleProcessOnlyItsOwnThreads(@TempDir Path proc)
            throws Exception {
        process(proc, 1, "init", 0, 9999, 9999, 0, 0);
        // The postmaster has reaped exited backends worth 40+10 ticks; two live backends, one with a child.
        process(proc, 100, "postgres", 1, 20, 10, 40, 10);
        process(proc, 101, "postgres: orders_bench", 100, 300, 100, 0, 0);
        process(proc, 102, "postgres: autovacuum worker", 100, 50, 25, 0, 0);
        process(proc, 103, "postgres: parallel worker", 101, 5, 5, 0, 0);
        process(proc, 200, "java", 1, 700, 100, 3, 3);
        Files.createDirectories(proc.resolve("self"));
        var cpu = new ProcessCpu(proc, 100);

        Map<String, Long> ticks = cpu.sample(List.of(new WatchedProcess("order", 200, false),
                new WatchedProcess("postgres", 100, true), new WatchedProcess("gone", 999, false)));

        assertThat(cpu.available()).isTrue();
        assertThat(ticks).containsExactly(Map.entry("order", 800L),
                Map.entry("postgres", 20L + 10 + 40 + 10 + 300 + 100 + 50 + 25 + 5 + 5));
    }

    @Test
    void aWindowGivesEachProcessesCpuPerCompletedPurchaseAndTheTotalAndNothingForAProcessThatWasNotThroughout(
            @TempDir Path proc) throws Exception {
        process(proc, 100, "postgres", 1, 20, 10, 0, 0);
        process(proc, 101, "postgres: backend", 100, 100, 50, 0, 0);
        process(proc, 200, "java", 1, 700, 100, 0, 0);
        process(proc, 300, "java", 1, 10, 10, 0, 0);
        Files.createDirectories(proc.resolve("self"));
        var watched = List.of(new WatchedProcess("order", 200, false), new WatchedProcess("wallet", 300, false),
                new WatchedProcess("postgres", 100, true));
        var cpu = new ProcessCpu(proc, 100);

        var window = cpu.start(watched);
        // In the window: order used 2.5 s; the backend exited after 1 s more and was reaped (its 250 ticks move
        // to the postmaster's cutime/cstime), a new backend used 0.5 s; wallet went away.
        process(proc, 200, "java", 1, 900, 150, 0, 0);
        Files.delete(proc.resolve("101/stat"));
        Files.delete(proc.resolve("101"));
        process(proc, 100, "postgres", 1, 20, 10, 200, 50);
        process(proc, 104, "postgres: backend", 100, 40, 10, 0, 0);
        Files.delete(proc.resolve("300/stat"));
        Files.delete(proc.resolve("300"));
        CpuUse use = window.end(500);

        assertThat(use.seconds()).containsExactly(Map.entry("order", 2.5), Map.entry("postgres", 1.5),
                Map.entry(CpuUse.TOTAL, 4.0));
        assertThat(use.msPerPurchase()).containsExactly(Map.entry("order", 5.0), Map.entry("postgres", 3.0),
                Map.entry(CpuUse.TOTAL, 8.0));
    }

    @Test
    void theArithmeticUsesTheClockRateAndGivesNoPerPurchaseFigureWhenNothingCompleted() {
        var start = Map.of("broker", 1_000L, "generator", 10L);
        var end = new java.util.LinkedHashMap<String, Long>();
        end.put("generator", 13L);
        end.put("broker", 1_250L);

        var use = CpuUse.between(start, end, 250, 3);
        assertThat(use.seconds()).containsExactly(Map.entry("generator", 0.012), Map.entry("broker", 1.0),
                Map.entry(CpuUse.TOTAL, 1.012));
        assertThat(use.msPerPurchase()).containsExactly(Map.entry("generator", 4.0), Map.entry("broker", 333.333),
                Map.entry(CpuUse.TOTAL, 337.333));

        var idle = CpuUse.between(start, end, 250, 0);
        assertThat(idle.seconds()).containsEntry(CpuUse.TOTAL, 1.012);
        assertThat(idle.msPerPurchase()).isEmpty();
    }

    @Test
    void withoutProcTheWindowIsEmptyRatherThanAFailedRun(@TempDir Path nothing) {
        var window = new ProcessCpu(nothing.resolve("proc"), 100).start(List.of(new WatchedProcess("order", 1,
                false)));

        var use = window.end(100);

        assertThat(use.seconds()).isEmpty();
        assertThat(use.msPerPurchase()).isEmpty();
    }

    @Test
    void watchedProcessesAreParsedWithAPlusForATreeAndBadEntriesAreRefused() {
        assertThat(WatchedProcess.parseList("order=4242, postgres=812+")).containsExactly(
                new WatchedProcess("order", 4242, false), new WatchedProcess("postgres", 812, true));
        assertThat(WatchedProcess.parseList("")).isEmpty();
        assertThatThrownBy(() -> WatchedProcess.parseList("order")).hasMessageContaining("name=pid[+]");
        assertThatThrownBy(() -> WatchedProcess.parseList("order=-3")).hasMessageContaining("name=pid[+]");
        assertThatThrownBy(() -> WatchedProcess.parseList("order=1,order=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> WatchedProcess.parseList("total=1")).hasMessageContaining("not \"total\"");
        assertThatThrownBy(() -> WatchedProcess.parseList("Order=1")).hasMessageContaining("lower-case");
    }
}
