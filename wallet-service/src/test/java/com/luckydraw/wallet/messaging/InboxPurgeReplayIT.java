package com.luckydraw.wallet.messaging;

import com.luckydraw.events.OrderIds;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletEvent;
import com.luckydraw.messaging.inbox.InboxPurge;
import com.luckydraw.wallet.TestWallets;
import com.luckydraw.wallet.WalletIntegrationTest;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay older than the inbox's retention: the inbox entry of the applied debit is purged, the very same record
 * (same message id) comes again, and the (bizId, posId) key decides: no second debit, the original answer.
 */
@WalletIntegrationTest
class InboxPurgeReplayIT {

    private static final Duration REPLY = Duration.ofSeconds(30);

    private static WalletTopics topics;

    @Autowired TestWallets wallets;
    @Autowired InboxPurge inboxPurge;
    @Autowired JdbcTemplate jdbc;

    @BeforeAll
    static void connect() {
        topics = new WalletTopics();
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @Test
    void aDebitReplayedAfterItsInboxEntryWasPurgedIsNotAppliedTwiceAndGetsTheOriginalAnswer() {
        UserId user = wallets.open("purged-replay", 1_000);
        RequestKey key = TestWallets.key("purged-replay");
        DebitWallet command = DebitWallet.money(key.bizId(), key.posId(), OrderIds.of(key.posId(), key.bizId()),
                user.value(), 300, "CNY");
        topics.send(user.value(), command);
        WalletDebited original = (WalletDebited) topics.repliesOf(command.correlationId(), REPLY, r -> !r.isEmpty())
                .get(0);

        inboxPurge.purgeReceivedBefore(Instant.now().plusSeconds(1), 1000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE message_id = ?", Integer.class,
                command.messageId())).as("the inbox forgot the debit").isZero();
        topics.send(user.value(), command);

        List<WalletEvent> replies = topics.repliesOf(command.correlationId(), REPLY, r -> r.size() >= 2);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1)).usingRecursiveComparison().ignoringFields("messageId").isEqualTo(original);
        assertThat(wallets.entries(key)).isEqualTo(1);
        assertThat(wallets.balance(user)).isEqualTo(700).isEqualTo(wallets.ledgerSum(user));
    }
}
