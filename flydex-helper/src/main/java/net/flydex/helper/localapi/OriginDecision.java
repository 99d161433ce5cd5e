package net.flydex.helper.localapi;

/** What {@link OriginPolicy} made of a request's {@code Origin} header. */
sealed interface OriginDecision {

    /** No {@code Origin}: not sent by a web page (curl, the CLI), so there is no CORS to answer. */
    record Absent() implements OriginDecision {}

    /** A configured FlyDex web origin; CORS answers echo exactly this value. */
    record Allowed(String origin) implements OriginDecision {}

    /** Any other page, {@code null}, or more than one {@code Origin}: refused before any route runs. */
    record Refused() implements OriginDecision {}
}
