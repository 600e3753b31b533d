package com.luckydraw.wallet.wallet;

import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures behind docs/decisions.md, "Spring Data JDBC for whole aggregates, SQL for batches": a consumed batch's
 * wallets written by Spring Data JDBC ({@code saveAll}, one version-checked UPDATE per wallet) against one
 * {@code UPDATE ... FROM unnest(...)} ({@link Wallets#updateAll}), and its reads by Spring Data's IN list, by one array
 * parameter, and by a hand-written row mapper. Not part of the suite (its name matches no test pattern): run it with
 * {@code infra/bin/test -pl wallet-service -am -o -Dtest=WalletWritesComparison -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the {@code COMPARE} lines in target/surefire-reports. It checks what was written, never how fast.
 */
@WalletIntegrationTest
class WalletWritesComparison {

    private static final int WALLETS = 500;
    private static final int ROUNDS = 20;

    @Autowired WalletRows rows;
    @Autowired Wallets wallets;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;

    @Test
    void aBatchOfWalletsWrittenAndReadBothWays() {
        String run = TestWallets.unique("cmp");
        jdbc.sql("INSERT INTO wallet (user_id, currency) SELECT ? || '-' || g, 'CNY' FROM generate_series(1, ?) g")
                .params(run, WALLETS).update();
        List<UserId> users = new ArrayList<>();
        for (int i = 1; i <= WALLETS; i++) {
            users.add(new UserId(run + "-" + i));
        }
        String[] ids = users.stream().map(UserId::value).toArray(String[]::new);

        List<Long> springData = new ArrayList<>();
        List<Long> unnest = new ArrayList<>();
        List<Long> inList = new ArrayList<>();
        List<Long> array = new ArrayList<>();
        List<Long> rowMapper = new ArrayList<>();
        List<Long> oneByOneSpringData = new ArrayList<>();
        List<Long> oneByOneRowMapper = new ArrayList<>();
        List<Long> aloneSpringData = new ArrayList<>();
        List<Long> aloneRowMapper = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            write(springData, users, next -> rows.saveAll(next.stream().map(w -> WalletRow.of(w, Instant.now()))
                    .toList()));
            write(unnest, users, wallets::updateAll);
            read(inList, () -> rows.findAllById(List.of(ids)));
            read(array, () -> rows.findAllByUserIds(ids));
            read(rowMapper, () -> jdbc.sql("SELECT user_id, currency, balance, version FROM wallet"
                            + " WHERE user_id = ANY (?)").param(ids)
                    .query((rs, i) -> new Wallet(new UserId(rs.getString(1)), new Money(rs.getLong(3),
                            rs.getString(2)), rs.getLong(4))).list());
            Supplier<List<?>> bySpringData = () -> users.stream().map(u -> rows.findById(u.value()).orElseThrow())
                    .toList();
            Supplier<List<?>> byRowMapper = () -> users.stream().map(u -> jdbc.sql("SELECT user_id, currency,"
                            + " balance, version FROM wallet WHERE user_id = ?").param(u.value())
                    .query((rs, i) -> new Wallet(new UserId(rs.getString(1)), new Money(rs.getLong(3),
                            rs.getString(2)), rs.getLong(4))).single()).toList();
            read(oneByOneSpringData, bySpringData);
            read(oneByOneRowMapper, byRowMapper);
            // Outside a transaction, as a controller reads: Spring Data's CRUD methods open a read-only one.
            readAlone(aloneSpringData, bySpringData);
            readAlone(aloneRowMapper, byRowMapper);
        }

        assertThat(wallets.findAll(users).values()).hasSize(WALLETS)
                .allSatisfy(w -> assertThat(w.version()).isEqualTo(2L * ROUNDS));
        report("write, Spring Data saveAll (an UPDATE per wallet)", springData);
        report("write, one UPDATE ... FROM unnest", unnest);
        report("read, Spring Data findAllById (IN list)", inList);
        report("read, Spring Data @Query, one array (= ANY)", array);
        report("read, hand row mapper, one array (= ANY)", rowMapper);
        report("read one by one, Spring Data findById", oneByOneSpringData);
        report("read one by one, hand row mapper", oneByOneRowMapper);
        report("read one by one outside a transaction, Spring Data", aloneSpringData);
        report("read one by one outside a transaction, row mapper", aloneRowMapper);
    }

    /** Every wallet one version further, written in one transaction by {@code writer}; the time in nanoseconds. */
    private void write(List<Long> times, List<UserId> users, Consumer<List<Wallet>> writer) {
        List<Wallet> next = wallets.findAll(users).values().stream().map(Wallet::touched).toList();
        long start = System.nanoTime();
        transactions.executeWithoutResult(status -> writer.accept(next));
        times.add(System.nanoTime() - start);
    }

    private void read(List<Long> times, Supplier<? extends Collection<?>> reader) {
        long start = System.nanoTime();
        Collection<?> read = transactions.execute(status -> reader.get());
        times.add(System.nanoTime() - start);
        assertThat(read).hasSize(WALLETS);
    }

    private void readAlone(List<Long> times, Supplier<? extends Collection<?>> reader) {
        long start = System.nanoTime();
        Collection<?> read = reader.get();
        times.add(System.nanoTime() - start);
        assertThat(read).hasSize(WALLETS);
    }

    /** The median over the rounds after the first (warm-up), per wallet, in microseconds. */
    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = nanos.subList(1, nanos.size()).stream().sorted().toList();
        double perWallet = sorted.get(sorted.size() / 2) / 1000.0 / WALLETS;
        System.out.printf("COMPARE %-55s %8.1f us per wallet (median of %d batches of %d)%n", what, perWallet,
                sorted.size(), WALLETS);
    }
}
