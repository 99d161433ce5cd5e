package net.flydex.bench;

/** One way of signing in that {@link SigninBench} times: over HTTP, or straight into the server's services. */
interface SigninPath extends AutoCloseable {

    /**
     * One sign-in, checked: a known email must be let in, an unknown one refused; anything else
     * stops the bench with an unchecked exception.
     *
     * @param pair the index of the known/unknown pair this sign-in belongs to, which decides the
     *     source address where that matters
     */
    void signin(int pair, String email, String password, boolean known);

    @Override
    void close();
}
