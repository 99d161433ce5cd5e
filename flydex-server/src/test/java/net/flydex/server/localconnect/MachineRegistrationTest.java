package net.flydex.server.localconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.flydex.server.app.Backend;
import net.flydex.server.app.ServerHarness;
import net.flydex.server.machines.TestAgent;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Registration rules that rest on the database's atomicity and constraints: run on both databases. */
class MachineRegistrationTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSameKeyOnTheSameAccountKeepsItsMachineWithoutADuplicate(Backend backend) throws Exception {
        try (ServerHarness harness = backend.start()) {
            ApiClient browser = harness.signedUpBrowser("ada@example.com");
            TestAgent agent = new TestAgent(harness);
            String first = agent.pairWith(browser);
            browser.patch("/api/machines/" + first, java.util.Map.of("name", "Renamed by Ada"));

            String second = agent.pairWith(browser);

            assertThat(second).isEqualTo(first);
            var machines = browser.get("/api/machines").body().path("machines");
            assertThat(machines.size()).isEqualTo(1);
            assertThat(machines.get(0).path("name").asString()).as("the owner's name is kept").isEqualTo("Renamed by Ada");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKeyBoundToAnotherAccountIsAConflictAndARevokedMachineComesBackOnlyAsANewOne(Backend backend) throws Exception {
        try (ServerHarness harness = backend.start()) {
            ApiClient ada = harness.signedUpBrowser("ada@example.com");
            ApiClient bob = harness.signedUpBrowser("bob@example.com");
            TestAgent agent = new TestAgent(harness);
            String adaMachine = agent.pairWith(ada);

            String bobToken = bob.post("/api/local-connect/start", "{}").body().path("connectToken").asString();
            var stolen = agent.register(bobToken);
            assertThat(stolen.status()).isEqualTo(409);
            assertThat(stolen.errorCode()).isEqualTo("conflict");
            assertThat(bob.get("/api/machines").body().path("machines").size()).isZero();

            assertThat(ada.delete("/api/machines/" + adaMachine).status()).isEqualTo(204);
            String afresh = agent.pairWith(ada);
            assertThat(afresh).isNotEqualTo(adaMachine);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentRegistersWithOneTokenRegisterExactlyOneMachine(Backend backend) throws Exception {
        try (ServerHarness harness = backend.start()) {
            ApiClient browser = harness.signedUpBrowser("ada@example.com");
            String token = browser.post("/api/local-connect/start", "{}").body().path("connectToken").asString();
            int racers = 12;
            var ready = new CountDownLatch(racers);
            List<Future<Integer>> results = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < racers; i++) {
                    TestAgent agent = new TestAgent(harness);
                    Callable<Integer> register = () -> {
                        ready.countDown();
                        ready.await();
                        return agent.register(token).status();
                    };
                    results.add(pool.submit(register));
                }
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        }
    }
}
