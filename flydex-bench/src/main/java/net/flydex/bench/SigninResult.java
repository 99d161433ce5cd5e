package net.flydex.bench;

/**
 * The result of {@link SigninBench}.
 *
 * @param httpFloor {@link HttpFloor}: a bare HTTP round trip to the same server
 * @param sourceAddresses loopback addresses the HTTP sign-ins came from, warm-up included
 * @param accounts accounts signed in to, warm-up included
 */
record SigninResult(SigninLatencies http, SigninLatencies inProcess, Latencies httpFloor, int sourceAddresses, int accounts) {}
