package com.luckydraw.lottery.round;

import org.springframework.data.domain.Limit;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;
import java.util.Optional;

/** Spring Data JDBC's repository of {@link RoundRow}s; {@link Rounds} is the service's way in. */
interface RoundRows extends ListCrudRepository<RoundRow, Long> {

    /** {@code SELECT ... FOR UPDATE}: the row stays locked until the transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<RoundRow> findLockedById(long id);

    List<RoundRow> findByStatusOrderByIdDesc(RoundStatus status, Limit limit);

    List<RoundRow> findAllByOrderByIdDesc(Limit limit);
}
