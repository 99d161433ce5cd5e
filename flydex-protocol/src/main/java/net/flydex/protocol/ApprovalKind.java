package net.flydex.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** What Codex is asking for. */
public enum ApprovalKind {
    /** Run a shell command ({@code command}, {@code cwd}, {@code reason}). */
    COMMAND("command"),
    /** Apply a patch ({@code changes} carries each file's diff). */
    FILE_CHANGE("fileChange"),
    /** Grant extra sandbox permissions ({@code permissions}). */
    PERMISSIONS("permissions"),
    /** Answer the model's questions ({@code questions}); answered with answers, not a decision. */
    USER_INPUT("userInput");

    private final String wire;

    ApprovalKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
