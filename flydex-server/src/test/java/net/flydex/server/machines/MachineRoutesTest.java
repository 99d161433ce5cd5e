package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import net.flydex.server.app.ServerHarness;
import net.flydex.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MachineRoutesTest {
    private ServerHarness harness;
    private ApiClient ada;
    private String machineId;

    @BeforeEach
    void start() throws Exception {
        harness = ServerHarness.sqlite();
        ada = harness.signedUpBrowser("ada@example.com");
        machineId = new TestAgent(harness).pairWith(ada);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theOwnerListsRenamesAndRemovesTheirMachine() {
        JsonNode listed = ada.get("/api/machines").body().path("machines").get(0);
        assertThat(listed.path("id").asString()).isEqualTo(machineId);
        assertThat(listed.path("platform").asString()).isEqualTo("linux-x64");
        assertThat(listed.path("helperVersion").asString()).isEqualTo(TestAgent.HELPER_VERSION);
        assertThat(listed.path("online").asBoolean()).isFalse();
        assertThat(listed.has("lastSeenAt")).as("never connected").isFalse();

        var renamed = ada.patch("/api/machines/" + machineId, Map.of("name", "  Büro-PC 🖥  "));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().path("machine").path("name").asString()).isEqualTo("Büro-PC 🖥");
        assertThat(Instant.parse(renamed.body().path("machine").path("createdAt").asString())).isBefore(Instant.now().plusSeconds(60));

        assertThat(ada.delete("/api/machines/" + machineId).status()).isEqualTo(204);
        assertThat(ada.get("/api/machines").body().path("machines").size()).isZero();
        assertThat(ada.delete("/api/machines/" + machineId).status()).as("already removed").isEqualTo(404);
        assertThat(ada.patch("/api/machines/" + machineId, Map.of("name", "back")).status()).isEqualTo(404);
        var audited = harness.server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT kind FROM audit_events WHERE machine_id = :id ORDER BY at, kind").bind("id", machineId).mapTo(String.class).list());
        assertThat(audited).contains("MACHINE_RENAMED", "MACHINE_REVOKED");
    }

    @Test
    void anotherAccountCannotSeeRenameOrRemoveTheMachine() {
        ApiClient mallory = harness.signedUpBrowser("mallory@example.com");
        var unknown = mallory.patch("/api/machines/mch_doesnotexist", Map.of("name", "mine"));

        var rename = mallory.patch("/api/machines/" + machineId, Map.of("name", "mine"));
        var remove = mallory.delete("/api/machines/" + machineId);

        assertThat(mallory.get("/api/machines").body().path("machines").size()).isZero();
        assertThat(rename.status()).isEqualTo(404);
        assertThat(remove.status()).isEqualTo(404);
        assertThat(rename.body()).isEqualTo(unknown.body());
        assertThat(remove.body()).isEqualTo(mallory.delete("/api/machines/mch_doesnotexist").body());
        JsonNode unchanged = ada.get("/api/machines").body().path("machines").get(0);
        assertThat(unchanged.path("id").asString()).isEqualTo(machineId);
        assertThat(unchanged.path("name").asString()).isEqualTo("Ada's laptop");
    }

    @Test
    void badNamesAndMalformedBodiesAnswer400() {
        for (String body : new String[] {"{", "{\"name\":5}", "{}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":\"a\\nb\"}",
                "{\"name\":\"a\\u202eb\"}", "{\"name\":\"a\\u200bb\"}", "{\"name\":\"" + "x".repeat(65) + "\"}",
                "{\"name\":\"a\",\"name\":\"b\"}", "[\"name\"]"}) {
            var response = ada.raw("PATCH", "/api/machines/" + machineId, "application/json", body.getBytes());
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.errorCode()).as(body).isEqualTo("bad_request");
        }
        assertThat(ada.get("/api/machines").body().path("machines").get(0).path("name").asString()).isEqualTo("Ada's laptop");
    }

    @Test
    void machineRoutesNeedASessionAndTheBrowsersOwnOrigin() {
        ApiClient signedOut = harness.browser();
        assertThat(signedOut.get("/api/machines").status()).isEqualTo(401);
        assertThat(signedOut.patch("/api/machines/" + machineId, Map.of("name", "x")).status()).isEqualTo(401);
        assertThat(signedOut.delete("/api/machines/" + machineId).errorCode()).isEqualTo("unauthorized");
        assertThat(harness.cli().withBearer("not-a-session").delete("/api/machines/" + machineId).status()).isEqualTo(401);
        ada.withOrigin("https://evil.example");
        assertThat(ada.patch("/api/machines/" + machineId, Map.of("name", "x")).errorCode()).isEqualTo("bad_origin");
        assertThat(ada.delete("/api/machines/" + machineId).status()).isEqualTo(403);
        assertThat(ada.get("/api/machines").body().path("machines").size()).isEqualTo(1);
    }
}
