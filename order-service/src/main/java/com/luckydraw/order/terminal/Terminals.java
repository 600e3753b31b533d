package com.luckydraw.order.terminal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal registry, table {@code terminal}: each terminal is read and written whole through Spring Data JDBC
 * ({@link TerminalRow}). Writes are checked against the version they were read at.
 */
@Repository
public class Terminals {

    private final TerminalRows rows;
    private final JdbcAggregateOperations aggregates;

    Terminals(TerminalRows rows, JdbcAggregateOperations aggregates) {
        this.rows = rows;
        this.aggregates = aggregates;
    }

    public Optional<Terminal> find(PosId posId) {
        return rows.findById(posId.value()).map(TerminalRow::toTerminal);
    }

    /** The registered ones among {@code posIds}, in one query (a batch of purchases names few terminals). */
    public Map<PosId, Terminal> findAll(Collection<PosId> posIds) {
        Map<PosId, Terminal> found = new LinkedHashMap<>();
        if (posIds.isEmpty()) {
            return found;
        }
        String[] ids = posIds.stream().map(PosId::value).distinct().toArray(String[]::new);
        rows.findAllByPosIds(ids).forEach(row -> found.put(new PosId(row.posId()), row.toTerminal()));
        return found;
    }

    public List<Terminal> findAll() {
        return rows.findAllByOrderByPosId().stream().map(TerminalRow::toTerminal).toList();
    }

    public void insert(Terminal terminal) {
        try {
            // insert, not save: a posId taken already must fail here, not turn into an update of that terminal.
            aggregates.insert(TerminalRow.of(terminal, null));
        } catch (DuplicateKeyException e) {
            throw new TerminalAlreadyRegisteredException(terminal.posId());
        }
    }

    /** Writes a changed terminal over the version it was read at; another change in between refuses this one. */
    public Terminal update(Terminal terminal) {
        try {
            rows.save(TerminalRow.of(terminal, terminal.version()));
        } catch (OptimisticLockingFailureException e) {
            throw new IllegalTerminalTransitionException("terminal " + terminal.posId()
                    + " was changed meanwhile; read it again and retry");
        }
        // Read back: the terminal as every later read sees it (its times at the column's microseconds).
        return find(terminal.posId()).orElseThrow();
    }
}
