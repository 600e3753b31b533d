package com.luckydraw.order.terminal;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;

/** Spring Data JDBC's repository of {@link TerminalRow}s; {@link Terminals} is the service's way in. */
interface TerminalRows extends ListCrudRepository<TerminalRow, String> {

    /** One array parameter, not an IN list of one parameter per terminal: one statement whatever the batch's size. */
    @Query("""
            SELECT pos_id, status, api_secret_hash, signing_key_sealed, key_version, version, created_at, updated_at
              FROM terminal WHERE pos_id = ANY (:posIds)""")
    List<TerminalRow> findAllByPosIds(String[] posIds);

    List<TerminalRow> findAllByOrderByPosId();
}
