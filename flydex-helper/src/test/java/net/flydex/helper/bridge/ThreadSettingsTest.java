package net.flydex.helper.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import net.flydex.protocol.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ThreadSettingsTest {
    @TempDir
    Path dir;

    private static JsonNode startAnswer(String policy, String sandboxType) {
        ObjectNode answer = WireJson.mapper().createObjectNode().put("approvalPolicy", policy);
        answer.putObject("sandbox").put("type", sandboxType);
        return answer;
    }

    private static ObjectNode resumeOf(String threadId) {
        return WireJson.mapper().createObjectNode().put("threadId", threadId);
    }

    @Test
    void aThreadResumesWithTheSettingsSavedBeforeARestart() throws Exception {
        Path file = dir.resolve("state/threads.json");
        var before = new ThreadSettings(Optional.of(file));
        assertThat(before.remember("t1", startAnswer("untrusted", "workspaceWrite"))).isTrue();
        before.save();

        var after = new ThreadSettings(Optional.of(file));
        after.load();
        ObjectNode params = after.addTo("t1", resumeOf("t1"));

        assertThat(params.path("approvalPolicy").asString()).isEqualTo("untrusted");
        assertThat(params.path("sandbox").asString()).isEqualTo("workspace-write");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void whatTheCallerSetWinsAndTheSameAnswerAgainChangesNothing() {
        var settings = new ThreadSettings(Optional.empty());
        settings.remember("t1", startAnswer("on-request", "readOnly"));

        assertThat(settings.remember("t1", startAnswer("on-request", "readOnly"))).isFalse();
        ObjectNode params = settings.addTo("t1", resumeOf("t1").put("sandbox", "workspace-write"));
        assertThat(params.path("sandbox").asString()).isEqualTo("workspace-write");
        assertThat(params.path("approvalPolicy").asString()).isEqualTo("on-request");
    }

    @Test
    void settingsThatWouldSwitchApprovalsOffOrLeaveTheSandboxAreNeverResent() throws Exception {
        var settings = new ThreadSettings(Optional.empty());
        settings.remember("t1", startAnswer("never", "dangerFullAccess"));
        assertThat(settings.addTo("t1", resumeOf("t1")).properties()).hasSize(1);

        Path file = dir.resolve("threads.json");
        Files.writeString(file, """
                {"version":1,"threads":{"t2":{"approvalPolicy":"never","sandbox":"danger-full-access","config":{"x":1}},
                 "t3":{"approvalPolicy":"untrusted","sandbox":"read-only"}}}""");
        var loaded = new ThreadSettings(Optional.of(file));
        loaded.load();
        assertThat(loaded.addTo("t2", resumeOf("t2")).properties()).hasSize(1);
        assertThat(loaded.addTo("t3", resumeOf("t3")).path("sandbox").asString()).isEqualTo("read-only");
    }

    @Test
    void aDamagedFileIsIgnoredAndReplacedOnTheNextSave() throws Exception {
        Path file = dir.resolve("threads.json");
        Files.writeString(file, "{not json");
        var settings = new ThreadSettings(Optional.of(file));
        settings.load();
        assertThat(settings.addTo("t1", resumeOf("t1")).properties()).hasSize(1);

        settings.remember("t1", startAnswer("untrusted", "workspaceWrite"));
        settings.save();
        assertThat(WireJson.mapper().readTree(Files.readString(file)).path("threads").path("t1").path("sandbox").asString())
                .isEqualTo("workspace-write");
    }

    @Test
    void onlyTheMostRecentlyUsedThreadsAreKept() {
        var settings = new ThreadSettings(Optional.empty());
        settings.remember("first", startAnswer("untrusted", "workspaceWrite"));
        for (int i = 0; i < ThreadSettings.KEPT; i++) {
            settings.remember("t" + i, startAnswer("untrusted", "workspaceWrite"));
            if (i == 0) {
                settings.addTo("first", resumeOf("first")); // used: moves to the newest end
            }
        }
        assertThat(settings.addTo("first", resumeOf("first")).has("sandbox")).isTrue();
        assertThat(settings.addTo("t0", resumeOf("t0")).has("sandbox")).isFalse();
    }
}
