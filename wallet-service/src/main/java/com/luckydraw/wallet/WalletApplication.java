package com.luckydraw.wallet;

import com.luckydraw.wallet.freetries.FreeTriesProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** Owns users' wallets, balances, ledger and free tries; debits and refunds exactly once. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WalletApplication {

    public static void main(String[] args) {
        SpringApplication.run(WalletApplication.class, args);
    }

    /** The service's clock, in the zone whose calendar days the free tries follow. */
    @Bean
    Clock clock(FreeTriesProperties freeTries) {
        return Clock.system(freeTries.zone());
    }
}
