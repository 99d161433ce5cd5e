package net.flydex.helper.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void onWindowsThePrivateAclGrantsTheOwnerAloneEverything() throws Exception {
        UserPrincipal owner = Files.getOwner(dir);

        var entries = PrivateFiles.ownerOnly(owner);

        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().principal()).isEqualTo(owner);
        assertThat(entries.getFirst().type()).isEqualTo(AclEntryType.ALLOW);
        assertThat(entries.getFirst().permissions()).contains(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
                AclEntryPermission.WRITE_ACL);
    }
}
