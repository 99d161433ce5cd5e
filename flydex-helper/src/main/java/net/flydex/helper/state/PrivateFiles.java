package net.flydex.helper.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and directories only this user can read: 0600/0700 where the file system is POSIX, an
 * ACL granting the owner alone (no inherited entries) where it has ACLs (Windows). Writes are
 * atomic (temp file + rename), so a crash never leaves a half-written key and no other user ever
 * sees one, even briefly.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    public static void ensureDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, OWNER_RWX);
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        createPrivate(temp);
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates an empty file readable by this user only (a log file, before anything is written to it). */
    public static void createPrivate(Path file) throws IOException {
        if (posix(file.getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
        } else {
            Files.createFile(file);
            restrict(file, OWNER_RW);
        }
    }

    /** The one ACL entry a private file gets on Windows: its owner, every right; nobody else, nothing inherited. */
    static List<AclEntry> ownerOnly(UserPrincipal owner) {
        return List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build());
    }

    private static void restrict(Path path, Set<PosixFilePermission> posixMode) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, posixMode);
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            acl.setAcl(ownerOnly(acl.getOwner()));
        }
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
    }
}
