package com.luckydraw.wallet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WalletIntegrationTest
class SchemaIT {

    @Autowired JdbcClient jdbc;

    @Test
    void databaseRefusesANegativeBalance() {
        String user = "schema-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("INSERT INTO wallet (user_id, currency) VALUES (?, 'CNY')").param(user).update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE wallet SET balance = -1 WHERE user_id = ?").param(user).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("wallet_balance_check");
        assertThat(jdbc.sql("SELECT balance FROM wallet WHERE user_id = ?").param(user).query(Long.class).single())
                .isZero();
    }
}
