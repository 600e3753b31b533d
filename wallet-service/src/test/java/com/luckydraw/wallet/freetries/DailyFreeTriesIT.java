package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A day's free tries are read and written whole (Spring Data JDBC, a two-column key), version-checked. */
@WalletIntegrationTest
class DailyFreeTriesIT {

    @Autowired DailyFreeTries freeTries;
    @Autowired TestWallets wallets;

    @Test
    void aDaysTriesAreReadBackAsWrittenAndAStaleWriteIsRefusedWithTheNamedException() {
        UserId user = wallets.open("tries", 0);
        LocalDate day = LocalDate.of(2300, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(100_000));
        FreeTries granted = freeTries.ofDay(user, day, 3);
        assertThat(granted).isEqualTo(new FreeTries(user, day, 3, 0, 0));
        assertThat(freeTries.find(user, day.plusDays(1))).isEmpty();

        FreeTries spent = granted.spend(1);
        freeTries.update(spent);

        assertThat(freeTries.find(user, day)).contains(spent);
        assertThat(freeTries.ofDay(user, day, 5)).as("granted once a day").isEqualTo(spent);
        assertThatThrownBy(() -> freeTries.update(granted.spend(2))).isInstanceOf(StaleFreeTriesException.class)
                .hasMessageContaining("no longer at version 0");
        assertThat(freeTries.find(user, day)).contains(spent);
    }
}
