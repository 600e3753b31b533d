package com.luckydraw.wallet.wallet;

import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A wallet is read and written whole (Spring Data JDBC); a write over a version written since is refused. */
@WalletIntegrationTest
class WalletsIT {

    @Autowired Wallets wallets;
    @Autowired TestWallets testWallets;

    @Test
    void aWalletIsReadBackAsWrittenAndAStaleWriteIsRefusedWithTheNamedException() {
        UserId user = testWallets.open("whole", 500);
        Wallet read = wallets.get(user);
        assertThat(read.balance()).isEqualTo(new Money(500, "CNY"));
        assertThat(wallets.findAll(List.of(user, new UserId(TestWallets.unique("nobody")))))
                .containsOnlyKeys(user).containsEntry(user, read);

        // touched(): a new version that moves no money, so the ledger still sums to the balance.
        Wallet next = read.touched();
        wallets.update(next);

        assertThat(wallets.get(user)).isEqualTo(next);
        assertThatThrownBy(() -> wallets.update(read.touched())).isInstanceOf(StaleWalletException.class)
                .hasMessageContaining("no longer at version " + read.version());
        assertThat(wallets.get(user)).isEqualTo(next);
    }

    @Test
    void anUnknownWalletIsNotFound() {
        UserId nobody = new UserId(TestWallets.unique("nobody"));
        assertThat(wallets.find(nobody)).isEmpty();
        assertThatThrownBy(() -> wallets.get(nobody)).isInstanceOf(UnknownWalletException.class);
    }
}
