package net.flydex.server.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.flydex.server.http.ApiException;
import org.junit.jupiter.api.Test;

class MachineFieldsTest {

    @Test
    void namesAreTrimmedAndCountedInCharactersNotBytes() {
        assertThat(MachineFields.name("  Ada's MacBook  ")).isEqualTo("Ada's MacBook");
        assertThat(MachineFields.name("🖥".repeat(MachineFields.MAX_NAME))).hasSize(2 * MachineFields.MAX_NAME);
        assertThat(MachineFields.name("数据中心")).isEqualTo("数据中心");
    }

    @Test
    void namesThatCouldForgeLogLinesOrDisguiseTextAreRefused() {
        for (String bad : new String[] {"", " ", "a\r\nb", "a\tb", "a\u0000", "a\u202eb", "a\u2066b", "a\u200bb", "a\u2028b",
                "a\ufeffb", "\ud800", "x".repeat(MachineFields.MAX_NAME + 1)}) {
            assertThatThrownBy(() -> MachineFields.name(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void platformsAndVersionsAreShortPlainTags() {
        assertThat(MachineFields.platform("darwin-arm64")).isEqualTo("darwin-arm64");
        assertThat(MachineFields.helperVersion("0.1.0-SNAPSHOT+build.7")).isEqualTo("0.1.0-SNAPSHOT+build.7");
        for (String bad : new String[] {"", "Linux", "linux x64", "a".repeat(33), "ärm"}) {
            assertThatThrownBy(() -> MachineFields.platform(bad)).as(bad).isInstanceOf(ApiException.class);
        }
        for (String bad : new String[] {"", " ", "1\n", "v".repeat(33), "1.0–beta"}) {
            assertThatThrownBy(() -> MachineFields.helperVersion(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }
}
