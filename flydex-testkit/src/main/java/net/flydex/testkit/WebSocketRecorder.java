package net.flydex.testkit;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A JDK WebSocket listener for a test that speaks a socket by hand: it keeps each text message
 * whole (fragments joined), in arrival order, and the close code, for the test to wait on; or
 * hands each message to a client that reads it as it comes ({@link RelayClient}). Pass it to
 * {@code buildAsync}; it asks for every message as it comes.
 */
public final class WebSocketRecorder implements WebSocket.Listener {
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onMessage;

    /** Keeps each whole message for {@link #next} and {@link #poll}. */
    public WebSocketRecorder() {
        this.onMessage = texts::add;
    }

    /** Hands each whole message to {@code onMessage} as it arrives, on the socket's thread, instead of keeping it. */
    public WebSocketRecorder(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    /** The next whole text message; fails the test when none comes within {@code wait}. */
    public String next(Duration wait) throws InterruptedException {
        return poll(wait).orElseThrow(() -> new AssertionError("no text message within " + wait));
    }

    /** The next whole text message if one comes within {@code wait}: for proving that nothing arrives. */
    public Optional<String> poll(Duration wait) throws InterruptedException {
        return Optional.ofNullable(texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The code the socket was closed with; fails the test when it is still open after {@code wait}, or failed instead. */
    public int closeCode(Duration wait) throws InterruptedException {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the socket was still open after " + wait);
        } catch (ExecutionException e) {
            throw new AssertionError("the socket failed instead of closing", e.getCause());
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            onMessage.accept(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closed.complete(code);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }
}
