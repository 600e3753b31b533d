package com.luckydraw.order.order;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

import java.util.Optional;
import java.util.UUID;

/** Spring Data JDBC's repository of {@link OrderRow}s; {@link Orders} is the service's way in. */
interface OrderRows extends ListCrudRepository<OrderRow, UUID> {

    /** {@code SELECT ... FOR UPDATE}: the row stays locked until the transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<OrderRow> findLockedById(UUID id);
}
