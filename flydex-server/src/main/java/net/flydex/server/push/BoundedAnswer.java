package net.flydex.server.push;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads and drops a push service's answer body, failing once it runs past a bound, so an endpoint
 * cannot stream into the server. (Java 25's {@code BodyHandlers.limiting} does this; the server
 * targets Java 21.)
 */
final class BoundedAnswer implements HttpResponse.BodySubscriber<Void> {
    private final long maxBytes;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long seen;

    private BoundedAnswer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static HttpResponse.BodyHandler<Void> handler(long maxBytes) {
        return info -> new BoundedAnswer(maxBytes);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        seen += items.stream().mapToLong(ByteBuffer::remaining).sum();
        if (seen > maxBytes) {
            subscription.cancel();
            done.completeExceptionally(new IOException("the answer is longer than " + maxBytes + " bytes"));
        }
    }

    @Override
    public void onError(Throwable failure) {
        done.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }
}
