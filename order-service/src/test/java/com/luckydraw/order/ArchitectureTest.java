package com.luckydraw.order;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module's shape: a domain that knows neither HTTP nor Kafka, and no reaching into other services. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.luckydraw.order");

    @Test
    void domainDependsOnNeitherWebNorMessaging() {
        noClasses().that().resideInAPackage("com.luckydraw.order.order..")
                .should().dependOnClassesThat().resideInAnyPackage("..web..", "com.luckydraw.messaging..",
                        "org.springframework.kafka..", "org.apache.kafka..", "org.springframework.web..",
                        "com.luckydraw.order.saga..", "com.luckydraw.order.intake..", "com.luckydraw.order.admin..")
                .check(CLASSES);
    }

    @Test
    void onlyTheWebLayerKnowsHttp() {
        noClasses().that().resideOutsideOfPackage("..web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "..web..")
                .check(CLASSES);
    }

    @Test
    void noDependencyOnOtherServices() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.luckydraw.wallet..",
                "com.luckydraw.lottery..", "com.luckydraw.infra..", "com.luckydraw.admin..").check(CLASSES);
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching("com.luckydraw.order.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
