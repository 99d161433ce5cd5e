package net.flydex.helper.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Base64;
import net.flydex.protocol.MachineKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperStateTest {
    @TempDir
    Path home;

    @Test
    void theKeyIsMadeOnceKeptPrivateAndRestoredOnRestart() throws Exception {
        Path dir = home.resolve("flydex");
        HelperState first = HelperState.open(dir);
        first.paired("mch_1", "https://flydex.test");

        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("machine-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("state.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("state.json"))).doesNotContain("PRIVATE");

        HelperState again = HelperState.open(dir);
        assertThat(again.identity().fingerprint()).isEqualTo(first.identity().fingerprint());
        assertThat(again.pairing()).contains(new HelperState.Pairing("mch_1", "https://flydex.test", false));
        assertThat(HelperState.read(dir).path("version").asInt()).isEqualTo(HelperState.FORMAT_VERSION);
    }

    @Test
    void signaturesVerifyWithThePublicKeyTheServerGets() throws Exception {
        MachineIdentity identity = HelperState.open(home.resolve("s")).identity();
        String signature = identity.signChallenge("mch_9", "bm9uY2U");

        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(MachineKeys.fromRaw(Base64.getDecoder().decode(identity.publicKeyBase64())));
        verifier.update(MachineKeys.challengeBytes("mch_9", "bm9uY2U"));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
        assertThat(identity.fingerprint()).startsWith("SHA256:").hasSize(7 + 43);
    }

    @Test
    void aStateFromANewerHelperIsRefusedAndLeftUntouched() throws Exception {
        Path dir = home.resolve("newer");
        HelperState.open(dir);
        String future = "{\"version\":99,\"publicKey\":\"x\"}";
        Files.writeString(dir.resolve("state.json"), future);

        assertThatThrownBy(() -> HelperState.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("upgrade FlyDex");
        assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo(future);
    }

    @Test
    void aCorruptStateIsReportedNotReplaced() throws Exception {
        Path dir = home.resolve("corrupt");
        HelperState.open(dir);
        Files.writeString(dir.resolve("machine-key.pem"), "garbage");

        assertThatThrownBy(() -> HelperState.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("left untouched");
        assertThat(Files.readString(dir.resolve("machine-key.pem"))).isEqualTo("garbage");
    }
}
