package com.luckydraw.lottery;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module's shape: the round model free of transport, locks and messages; HTTP only in web, Kafka only in
 * messaging, Redis only in lock, SQL only in repositories; no other service's code; features without cycles.
 */
@AnalyzeClasses(packages = "com.luckydraw.lottery", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The model of what is sold: products, rounds, prices. */
    private static final String[] MODEL = {"com.luckydraw.lottery.round..", "com.luckydraw.lottery.product..",
            "com.luckydraw.lottery.money.."};

    @ArchTest
    static final ArchRule modelKnowsNothingOfTransportLocksOrMessages = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat().resideInAnyPackage("com.luckydraw.lottery.web..",
                    "com.luckydraw.lottery.messaging..", "com.luckydraw.lottery.lock..",
                    "com.luckydraw.lottery.allocation..", "com.luckydraw.lottery.draw..", "com.luckydraw.messaging..",
                    "com.luckydraw.events.lottery..", "org.springframework.web..", "org.springframework.kafka..",
                    "org.apache.kafka..", "org.redisson..", "tools.jackson..")
            .because("rounds keep their rules whoever sells them and however requests arrive");

    @ArchTest
    static final ArchRule onlyTheWebPackageKnowsHttp = noClasses().that()
            .resideOutsideOfPackage("com.luckydraw.lottery.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                    "com.luckydraw.lottery.web..");

    @ArchTest
    static final ArchRule onlyTheListenerConsumesKafka = noClasses().that()
            .resideOutsideOfPackage("com.luckydraw.lottery.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "com.luckydraw.messaging.inbox..", "com.luckydraw.lottery.messaging..")
            .because("commands are translated into use-case calls at the edge");

    @ArchTest
    static final ArchRule onlyTheLockPackageTalksToRedis = noClasses().that()
            .resideOutsideOfPackage("com.luckydraw.lottery.lock..")
            .should().dependOnClassesThat().resideInAnyPackage("org.redisson..")
            .because("the lock is an optimisation behind one interface; the database decides");

    @ArchTest
    static final ArchRule sqlStaysInRepositories = noClasses().that().areNotAnnotatedWith(Repository.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("the concurrency story lives in a few reviewed statements (Rounds.SELL above all)");

    @ArchTest
    static final ArchRule noOtherServicesCode = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "com.luckydraw.wallet..", "com.luckydraw.order..", "com.luckydraw.admin..", "com.luckydraw.infra..",
            "com.luckydraw.events.wallet..", "com.luckydraw.events.order..")
            .because("the lottery owns its data and talks to other services only through its own messages");

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.luckydraw.lottery");
        slices().matching("com.luckydraw.lottery.(*)..").should().beFreeOfCycles().check(classes);
    }
}
