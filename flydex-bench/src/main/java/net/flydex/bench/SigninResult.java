package net.flydex.bench;

/**
 * The result of {@link SigninBench}.
 *
 * @param sourceAddresses loopback addresses the HTTP sign-ins came from, warm-up included
 * @param accounts accounts signed in to, warm-up included
 */
record SigninResult(SigninLatencies http, SigninLatencies inProcess, int sourceAddresses, int accounts) {}
