package net.flydex.helper.localapi;

/**
 * What {@code POST /v1/stop} needs: the per-start secret the CLI reads from the 0600 control file,
 * and what stopping means for this process.
 */
public record LocalControl(String secret, Runnable stop) {
    public LocalControl {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the control secret must not be empty");
        }
    }
}
