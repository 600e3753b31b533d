package com.luckydraw.infra.load.cpu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process whose CPU time a load run accounts for, under a name of the report (order, wallet, broker, ...).
 *
 * @param withChildren count its descendants too, the live ones and those it has reaped: PostgreSQL's postmaster,
 *                     whose backends and autovacuum workers do the database's work
 */
public record WatchedProcess(String name, long pid, boolean withChildren) {

    public WatchedProcess {
        if (!name.matches("[a-z][a-z0-9_-]{0,30}") || name.equals(CpuUse.TOTAL)) {
            throw new IllegalArgumentException("--cpu: a process name is 1-31 lower-case letters, digits, '_' or '-'"
                    + " (not \"" + CpuUse.TOTAL + "\"), was " + name);
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("--cpu: the pid of " + name + " must be positive, was " + pid);
        }
    }

    /**
     * Parses {@code name=pid[,name=pid...]}; a pid followed by {@code +} takes the process's children with it
     * ({@code postgres=812+}). Empty text is no process.
     */
    public static List<WatchedProcess> parseList(String text) {
        List<WatchedProcess> processes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return processes;
        }
        for (String item : text.split(",")) {
            String[] parts = item.strip().split("=", 2);
            if (parts.length != 2 || !parts[1].matches("\\d{1,10}\\+?")) {
                throw new IllegalArgumentException("--cpu takes name=pid[+],... (e.g. order=4242,postgres=812+), was "
                        + item.strip());
            }
            boolean children = parts[1].endsWith("+");
            var process = new WatchedProcess(parts[0],
                    Long.parseLong(children ? parts[1].substring(0, parts[1].length() - 1) : parts[1]), children);
            if (!names.add(process.name())) {
                throw new IllegalArgumentException("--cpu names " + process.name() + " twice");
            }
            processes.add(process);
        }
        return processes;
    }

    @Override
    public String toString() {
        return name + "=" + pid + (withChildren ? "+" : "");
    }
}
