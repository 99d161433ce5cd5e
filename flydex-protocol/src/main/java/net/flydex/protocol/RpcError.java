package net.flydex.protocol;

/** The {@code error} of a failed rpc: a contract code and a sentence a person can read. */
public record RpcError(ErrorCode code, String message) {}
