package com.luckydraw.infra.process;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher against a fake service jar: real processes, real signals, real HTTP health checks. */
class LocalServicesTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void fakeJars() throws IOException {
        for (Service service : Service.values()) {
            Path jar = service.jar(root);
            Files.createDirectories(jar.getParent());
            writeFakeJar(jar);
        }
    }

    private LocalServices.Settings settings() {
        var settings = LocalServices.settings(root).stateDirectory(root.resolve("state")).logDirectory(root.resolve("logs"))
                .instanceName("launcher-test").topicsNamespace("test-launcher").startTimeout(Duration.ofSeconds(30))
                .stopGrace(Duration.ofSeconds(5)).jvmOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"));
        for (Service service : Service.values()) {
            settings.port(service, LocalServices.freePort());
        }
        return settings;
    }

    @Test
    void theOperatorsLoginIsABasicAuthorizationHeaderAndNeverPrinted() {
        var admin = new ServiceAdmin("operator", "pässword");

        assertThat(admin.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("operator:pässword".getBytes(StandardCharsets.UTF_8)));
        assertThat(admin.toString()).doesNotContain("pässword");
        assertThatThrownBy(() -> new ServiceAdmin("operator", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsEachServiceAsItsOwnProcessAndStopsItWithSigterm() throws IOException {
        var settings = settings().databaseSuffix("_test").property(Service.ORDER, "luckydraw.saga.timeout", "5s")
                .serviceAdmin(new ServiceAdmin("launcher-operator", "launcher-secret"));
        try (LocalServices services = settings.build(out)) {
            services.startAll();

            var pids = List.of(Service.values()).stream().map(s -> services.process(s).pid()).distinct().toList();
            assertThat(pids).hasSize(3).doesNotContain(ProcessHandle.current().pid());
            for (Service service : Service.values()) {
                assertThat(services.process(service).health()).contains("UP");
                assertThat(Files.readString(root.resolve("state").resolve(service.module() + ".pid")).trim())
                        .isEqualTo(Long.toString(services.process(service).pid()));
            }
            String orderLog = Files.readString(services.process(Service.ORDER).log());
            assertThat(orderLog).contains("namespace test-launcher", "--luckydraw.saga.timeout=5s",
                    "--server.port=" + settings.port(Service.ORDER), "database 127.0.0.1:5432/null,null,orders_test",
                    "admin launcher-operator/launcher-secret");
            ServiceProcess wallet = services.process(Service.WALLET);

            services.stop(Service.WALLET);

            assertThat(wallet.isAlive()).isFalse();
            assertThat(root.resolve("state").resolve("wallet-service.pid")).doesNotExist();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stopped wallet-service", "stopped order-service");
    }

    @Test
    void twoInstancesOfAServiceAreTwoProcessesWithTheirOwnPortAndLogAndOneKilledLeavesTheOther() throws IOException {
        var settings = settings().instances(2).topicReplication(3, 2);
        settings.port(Service.LOTTERY, 2, LocalServices.freePort());
        try (LocalServices services = settings.build(out)) {
            services.startAll(List.of(Service.LOTTERY));
            ServiceProcess first = services.process(Service.LOTTERY, 1);
            ServiceProcess second = services.process(Service.LOTTERY, 2);

            assertThat(first.pid()).isNotEqualTo(second.pid());
            assertThat(second.port()).isEqualTo(settings.portOf(Service.LOTTERY, 2)).isNotEqualTo(first.port());
            assertThat(second.log().getFileName()).hasToString("lottery-service-2.log");
            assertThat(Files.readString(second.log())).contains("-Dluckydraw.instance=lottery-service-2",
                    "--luckydraw.kafka.topics.replication-factor=3", "--luckydraw.kafka.topics.min-insync-replicas=2");
            assertThat(services.urls(Service.LOTTERY)).isEqualTo(services.url(Service.LOTTERY, 1) + ","
                    + services.url(Service.LOTTERY, 2));

            services.kill(Service.LOTTERY, 1);

            assertThat(first.isAlive()).isFalse();
            assertThat(second.health()).contains("UP");
            assertThat(services.isRunning(Service.LOTTERY)).isTrue();
            assertThat(services.url(Service.LOTTERY)).isEqualTo(second.baseUrl());
            // Another launcher (infra/bin/run stop) finds the second instance from its pid file.
            assertThat(LocalServices.recorded(settings.stateDirectory(), settings.logDirectory()))
                    .extracting(ServiceProcess::pid).containsExactly(second.pid());
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("killed lottery-service (pid",
                "stopped lottery-service-2 (pid");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilled() {
        try (LocalServices services = settings().environment("FAKE_MODE", "stubborn").build(out)) {
            ServiceProcess lottery = services.start(Service.LOTTERY);

            services.stop(Service.LOTTERY);

            assertThat(lottery.isAlive()).isFalse();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("killed lottery-service");
    }

    @Test
    void aServiceThatExitsFailsTheStartWithTheEndOfItsLog() {
        try (LocalServices services = settings().environment("FAKE_MODE", "crash").build(out)) {
            assertThatThrownBy(services::startAll)
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("exited before it was healthy (exit code 3)")
                    .hasMessageContaining("fake service: cannot start");
            assertThat(services.isRunning(Service.WALLET)).isFalse();
        }
    }

    @Test
    void aServiceThatStaysDownFailsAfterTheTimeoutAndIsStopped() {
        var settings = settings().environment("FAKE_MODE", "down").startTimeout(Duration.ofSeconds(3));
        try (LocalServices services = settings.build(out)) {
            assertThatThrownBy(() -> services.start(Service.WALLET))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("was not healthy")
                    .hasMessageContaining("last: health DOWN");
            assertThat(services.isRunning(Service.WALLET)).isFalse();
        }
    }

    @Test
    void aMissingJarSaysHowToBuildIt() throws IOException {
        Files.delete(Service.ORDER.jar(root));
        try (LocalServices services = settings().build(out)) {
            assertThatThrownBy(services::startAll)
                    .hasMessageContaining("order-service jar not found")
                    .hasMessageContaining("run ./mvnw verify (or infra/bin/test) so the service jars exist");
        }
    }

    @Test
    void processesLeftByAnEarlierStartAreStoppedBeforeANewStart() {
        var settings = settings();
        LocalServices first = settings.build(out);
        ServiceProcess leftover = first.start(Service.WALLET);
        // Another launcher (a later JVM) with the same state directory: the first one never stopped its process.
        try (LocalServices second = settings.port(Service.WALLET, LocalServices.freePort()).build(out)) {
            second.start(Service.WALLET);

            assertThat(leftover.isAlive()).isFalse();
            assertThat(second.process(Service.WALLET).pid()).isNotEqualTo(leftover.pid());
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stopped wallet-service (pid " + leftover.pid() + "), left running by an earlier start");
    }

    @Test
    void stopRecordedStopsWhatAnotherLauncherStarted() {
        var settings = settings();
        ServiceProcess started = settings.build(out).start(Service.ORDER);

        List<String> done = LocalServices.stopRecorded(settings.stateDirectory(), settings.logDirectory(),
                Duration.ofSeconds(5));

        assertThat(done).singleElement().asString().isEqualTo("stopped order-service (pid " + started.pid() + ")");
        assertThat(started.isAlive()).isFalse();
    }

    private static void writeFakeJar(Path jar) throws IOException {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String entry = FakeService.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
    }
}
