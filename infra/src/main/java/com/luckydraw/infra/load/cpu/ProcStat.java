package com.luckydraw.infra.load.cpu;

/**
 * The CPU fields of one {@code /proc/<pid>/stat} line, in clock ticks (proc(5)): user and system time of the
 * process's threads, and of its children that have exited and been waited for.
 */
record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and parentheses,
     * so the fields are counted from the last closing parenthesis.
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(line));
        }
        String[] fields = line.substring(close + 1).strip().split("\\s+");
        // After the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
        if (fields.length < 15) {
            throw new IllegalArgumentException("a /proc/<pid>/stat line with too few fields: " + abbreviate(line));
        }
        try {
            return new ProcStat(Long.parseLong(line.substring(0, open).strip()), Long.parseLong(fields[1]),
                    Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a /proc/<pid>/stat line with a field that is not a number: "
                    + abbreviate(line), e);
        }
    }

    /** The process's own threads. */
    long ownTicks() {
        return utime + stime;
    }

    /** Its own threads and its children that it has reaped. */
    long ticksWithReapedChildren() {
        return utime + stime + cutime + cstime;
    }

    private static String abbreviate(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
