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

    @Test
    void aFormat1StateIsMigratedKeepingTheIdentityAndTheOldFile() throws Exception {
        Path dir = home.resolve("v1");
        String fingerprint = HelperState.open(dir).identity().fingerprint();
        String publicKey = HelperState.read(dir).path("publicKey").asString();
        // Exactly what helper 0.1.0 (format 1) wrote for a paired machine.
        String v1 = "{\n  \"version\" : 1,\n  \"publicKey\" : \"" + publicKey
                + "\",\n  \"machineId\" : \"mch_old\",\n  \"server\" : \"https://flydex.test\",\n  \"revoked\" : false\n}";
        Files.writeString(dir.resolve("state.json"), v1);

        HelperState migrated = HelperState.open(dir);

        assertThat(migrated.identity().fingerprint()).isEqualTo(fingerprint);
        assertThat(migrated.pairing()).contains(new HelperState.Pairing("mch_old", "https://flydex.test", false));
        assertThat(HelperState.read(dir).path("version").asInt()).isEqualTo(2);
        assertThat(HelperState.read(dir).path("pairing").path("machineId").asString()).isEqualTo("mch_old");
        assertThat(HelperState.read(dir).has("machineId")).isFalse();
        assertThat(Files.readString(dir.resolve("state-v1.json"))).isEqualTo(v1);
        assertThat(Files.getPosixFilePermissions(dir.resolve("state-v1.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(HelperState.open(dir).identity().fingerprint()).as("opening again changes nothing").isEqualTo(fingerprint);
    }

    @Test
    void anUnpairedFormat1StateMigratesWithoutAPairing() throws Exception {
        Path dir = home.resolve("v1-unpaired");
        HelperState.open(dir);
        String publicKey = HelperState.read(dir).path("publicKey").asString();
        Files.writeString(dir.resolve("state.json"), "{\"version\":1,\"publicKey\":\"" + publicKey + "\"}");

        assertThat(HelperState.open(dir).pairing()).isEmpty();
        assertThat(HelperState.read(dir).has("pairing")).isFalse();
    }

    @Test
    void forgettingDeletesTheKeySoTheNextStartIsANewMachine() throws Exception {
        Path dir = home.resolve("forget");
        HelperState state = HelperState.open(dir);
        state.paired("mch_1", "https://flydex.test");
        String before = state.identity().fingerprint();

        state.forget();

        assertThat(HelperState.openExisting(dir)).isEmpty();
        assertThat(dir.resolve("machine-key.pem")).doesNotExist();
        assertThat(HelperState.open(dir).identity().fingerprint()).isNotEqualTo(before);
    }

    @Test
    void theControlFileIsPrivateAndOnlyItsOwnerDeletesIt() throws Exception {
        Path dir = home.resolve("control");
        ControlFile mine = ControlFile.forThisProcess(48163, "1.0.0").withPort(5555);
        mine.write(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("control.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ControlFile.read(dir)).contains(mine);
        assertThat(mine.secret()).hasSize(43).isNotEqualTo(ControlFile.forThisProcess(1, "x").secret());

        ControlFile newer = ControlFile.forThisProcess(5555, "1.0.1");
        newer.write(dir);
        mine.delete(dir);
        assertThat(ControlFile.read(dir)).as("a newer helper's file stays").contains(newer);
        newer.delete(dir);
        assertThat(ControlFile.read(dir)).isEmpty();
    }
}
