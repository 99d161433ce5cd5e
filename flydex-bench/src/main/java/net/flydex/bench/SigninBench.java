package net.flydex.bench;

import net.flydex.server.accounts.Accounts;

/**
 * Sign-in latency at the production Argon2 cost, two ways: end to end over HTTP
 * ({@link HttpSignins}) and in process ({@link InProcessSignins}). Each path signs in in pairs,
 * one known and one unknown email, the pair's order flipping each time, so drift lands on both
 * kinds alike. The same schedule of accounts serves both paths; the HTTP path runs first, and last
 * a bare HTTP round trip ({@link HttpFloor}) as many times, for what HTTP alone costs here.
 */
final class SigninBench {
    /** AccountRoutes.SIGNIN_PER_IP permits (20 per 5 minutes), mirrored: it is package-private there. */
    static final int SIGNIN_PER_IP = 20;
    /** AccountRoutes.SIGNIN_PER_EMAIL permits (10 per 15 minutes), mirrored likewise. */
    static final int SIGNIN_PER_EMAIL = 10;
    /** A pair spends two of an address's permits, known and unknown. */
    static final int PAIRS_PER_ADDRESS = SIGNIN_PER_IP / 2;
    /** Untimed pairs per path first; exactly one account's and one address's budget. */
    static final int WARMUP_PAIRS = 10;
    private static final String PASSWORD = "correct horse battery staple";

    private SigninBench() {}

    static SigninResult run(ControlPlane plane, int signins) {
        int pairs = WARMUP_PAIRS + signins;
        int accounts = (pairs + SIGNIN_PER_EMAIL - 1) / SIGNIN_PER_EMAIL;
        Accounts registry = plane.server.services().accounts();
        for (int a = 0; a < accounts; a++) {
            registry.signup(knownEmail(a), PASSWORD);
        }
        SigninLatencies http;
        try (var path = new HttpSignins(plane.url)) {
            http = time(path, signins, "http");
        }
        SigninLatencies inProcess;
        try (var path = new InProcessSignins(plane.server.services())) {
            inProcess = time(path, signins, "in-process");
        }
        Latencies floor = HttpFloor.measure(plane.url, WARMUP_PAIRS, signins);
        return new SigninResult(http, inProcess, floor, HttpSignins.addressesFor(pairs), accounts);
    }

    private static SigninLatencies time(SigninPath path, int signins, String name) {
        long[] known = new long[signins];
        long[] unknown = new long[signins];
        for (int pair = 0; pair < WARMUP_PAIRS + signins; pair++) {
            int timed = pair - WARMUP_PAIRS;
            String account = knownEmail(pair / SIGNIN_PER_EMAIL);
            // Every unknown email is new, so the per-email budget never refuses one.
            String nobody = "nobody-" + name + "-" + pair + "@example.com";
            boolean knownFirst = pair % 2 == 0;
            long first = timeOne(path, pair, knownFirst ? account : nobody, knownFirst);
            long second = timeOne(path, pair, knownFirst ? nobody : account, !knownFirst);
            if (timed >= 0) {
                known[timed] = knownFirst ? first : second;
                unknown[timed] = knownFirst ? second : first;
            }
        }
        return new SigninLatencies(Latencies.of(known), Latencies.of(unknown));
    }

    private static long timeOne(SigninPath path, int pair, String email, boolean known) {
        long start = System.nanoTime();
        path.signin(pair, email, PASSWORD, known);
        return System.nanoTime() - start;
    }

    private static String knownEmail(int account) {
        return "bench-" + account + "@example.com";
    }
}
