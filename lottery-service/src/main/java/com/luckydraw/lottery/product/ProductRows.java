package com.luckydraw.lottery.product;

import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC's repository of {@link ProductRow}s; {@link Products} is the service's way in. */
interface ProductRows extends ListCrudRepository<ProductRow, Long> {
}
