package com.luckydraw.lottery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** lottery-service: products, their rounds, the shares sold in them and the draws. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LotteryApplication {

    public static void main(String[] args) {
        SpringApplication.run(LotteryApplication.class, args);
    }
}
