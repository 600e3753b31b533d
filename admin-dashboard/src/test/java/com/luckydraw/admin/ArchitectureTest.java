package com.luckydraw.admin;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The dashboard's shape: it knows the services only over HTTP and SQL, and its features stay apart. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.luckydraw.admin");

    @Test
    void theDashboardUsesNoServicesCodeOnlyTheirHttpApisAndDatabases() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.luckydraw.wallet..",
                        "com.luckydraw.lottery..", "com.luckydraw.order..", "com.luckydraw.messaging..",
                        "com.luckydraw.events..")
                .because("a dashboard that shares the services' code would break with them; it reads their APIs")
                .check(classes);
    }

    @Test
    void onlyControllersAndPageSettingsKnowSpringMvc() {
        noClasses().that().haveSimpleNameNotEndingWith("Controller")
                .and().resideOutsideOfPackages("com.luckydraw.admin.web..", "com.luckydraw.admin.security..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.ui..",
                        "org.springframework.web.servlet..", "org.springframework.web.bind..")
                .check(classes);
    }

    @Test
    void onlyTheServiceClientSpeaksHttp() {
        noClasses().that().resideOutsideOfPackage("com.luckydraw.admin.services..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.client..",
                        "java.net.http..")
                .check(classes);
    }

    @Test
    void featuresDoNotDependOnEachOtherInCircles() {
        slices().matching("com.luckydraw.admin.(*)..").should().beFreeOfCycles().check(classes);
    }
}
