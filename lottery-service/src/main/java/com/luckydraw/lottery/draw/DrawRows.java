package com.luckydraw.lottery.draw;

import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC's repository of {@link DrawRow}s; {@link Draws} is the service's way in. */
interface DrawRows extends ListCrudRepository<DrawRow, Long> {
}
