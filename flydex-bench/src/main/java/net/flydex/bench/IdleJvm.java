package net.flydex.bench;

/**
 * A JVM that does nothing: started with the helper's npm flags, it is the floor under the helper's
 * idle figures - what the runtime itself costs (its own threads, code, class data) before any
 * helper code runs.
 */
public final class IdleJvm {
    private IdleJvm() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
