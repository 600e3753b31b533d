package com.luckydraw.wallet;

import com.luckydraw.events.Message;
import com.luckydraw.events.MessageCodec;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module's shape: domain free of transport, no other service's code, features without cycles. */
@AnalyzeClasses(packages = "com.luckydraw.wallet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DOMAIN = {"com.luckydraw.wallet.wallet", "com.luckydraw.wallet.debit",
            "com.luckydraw.wallet.freetries", "com.luckydraw.wallet.topup"};

    @ArchTest
    static final ArchRule domainKnowsNothingOfWebOrMessaging = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "com.luckydraw.wallet.messaging..",
                    "com.luckydraw.messaging..", "org.springframework.web..", "org.springframework.kafka..",
                    "org.apache.kafka..", "tools.jackson..")
            .because("wallet rules must not depend on how requests arrive");

    @ArchTest
    static final ArchRule domainUsesNoMessages = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().implement(Message.class)
            .orShould().dependOnClassesThat().areAssignableTo(MessageCodec.class)
            .because("messages are translated into the domain's commands at the edge (the messaging package)");

    @ArchTest
    static final ArchRule noOtherServicesCode = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "com.luckydraw.lottery..", "com.luckydraw.order..", "com.luckydraw.events.lottery..",
            "com.luckydraw.events.order..")
            .because("the wallet owns its data and talks to other services only through its own messages");

    @ArchTest
    static final ArchRule onlyTheListenerConsumesKafka = noClasses().that()
            .resideOutsideOfPackage("com.luckydraw.wallet.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "com.luckydraw.messaging..");

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        JavaClasses withoutWeb = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/web/"))
                .importPackages("com.luckydraw.wallet");
        slices().matching("com.luckydraw.wallet.(*)..").should().beFreeOfCycles().check(withoutWeb);
    }
}
