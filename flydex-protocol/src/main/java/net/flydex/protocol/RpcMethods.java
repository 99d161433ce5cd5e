package net.flydex.protocol;

import java.util.Set;

/**
 * The rpc methods a browser may call on a machine. The helper is the enforcement point: anything
 * outside {@link #ALLOWED} answers {@link ErrorCode#METHOD_NOT_ALLOWED} and never reaches Codex, so
 * FlyDex can never become a remote shell ({@code command/exec}, {@code fs/*}, {@code config/*}).
 */
public final class RpcMethods {
    private RpcMethods() {}

    public static final String APPROVALS_LIST = "approvals/list";
    public static final String APPROVAL_RESPOND = "approval/respond";
    public static final String THREAD_START = "thread/start";
    public static final String THREAD_RESUME = "thread/resume";
    /** Renames a thread ({@code threadId}, {@code name} only). */
    public static final String THREAD_NAME_SET = "thread/name/set";
    /** Archives a thread ({@code threadId} only); Codex keeps it on disk and lists it under archived. */
    public static final String THREAD_ARCHIVE = "thread/archive";
    /** The models Codex offers, for the model and reasoning-effort picker. */
    public static final String MODEL_LIST = "model/list";

    /** Answered by the helper itself, from its pending approvals. */
    public static final Set<String> HELPER_LOCAL = Set.of(APPROVALS_LIST, APPROVAL_RESPOND);

    /** Passed through to Codex (after the helper's own checks). */
    public static final Set<String> CODEX_FORWARDED = Set.of(
            "thread/list", "thread/read", "thread/turns/list", THREAD_START, THREAD_RESUME,
            "turn/start", "turn/interrupt", "turn/steer", THREAD_NAME_SET, THREAD_ARCHIVE, MODEL_LIST);

    public static final Set<String> ALLOWED = union(HELPER_LOCAL, CODEX_FORWARDED);

    public static boolean isAllowed(String method) {
        return ALLOWED.contains(method);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
