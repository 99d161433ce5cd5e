package net.flydex.server.push;

import com.zerodeplibs.webpush.EncryptedPushMessage;
import com.zerodeplibs.webpush.MessageEncryptions;
import com.zerodeplibs.webpush.UserAgentMessageEncryptionKeyInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.flydex.server.push.PushMetrics.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pushes, called on {@link PushNotifier}'s trigger thread (off the relay's): each push is
 * encrypted and signed there and sent asynchronously, bounded in time and answer size, with at most
 * {@link #MAX_IN_FLIGHT} awaiting answers; past that a push is dropped and counted, so a slow or
 * hung push service costs pushes, never the trigger thread or the relay. Answers are handled on
 * the HTTP client's threads, retries on one scheduler thread.
 *
 * <p>Per RFC 8030: 201 delivered; 404/410 the subscription is gone (deleted); 413 too large
 * (counted; payloads are sized to fit, so it means a bug); 429 and 5xx retried with exponential
 * backoff, honouring {@code Retry-After}, a bounded number of times; anything else is refused and
 * not retried - redirects included, which are never followed. Logs name the subscription id and
 * the endpoint's host, never the endpoint's path (a capability) or a payload.
 */
public final class PushSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);

    /** Sends awaiting their answer at once; a hung push service can hold no more than this many, and then pushes are dropped. */
    static final int MAX_IN_FLIGHT = 256;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** From sending to the end of the answer: a push service answers within a second when it is well. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** Push services answer with an empty body or a short error; nothing longer is read. */
    static final long MAX_ANSWER_BYTES = 8 * 1024;
    /** Attempts per push, the first included, before it is given up. */
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** A {@code Retry-After} beyond this is capped: an approval pushed later than that is stale anyway. */
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);

    private final PushSubscriptions subscriptions;
    private final VapidKeys keys;
    private final VapidHeaders vapidHeaders;
    private final HttpClient http;
    private final ScheduledExecutorService retries;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final PushMetrics metrics;

    /** @param contact the VAPID {@code sub} ({@link PushSettings#contactFor}) */
    public PushSender(PushSubscriptions subscriptions, VapidKeys keys, String contact, io.micrometer.core.instrument.MeterRegistry registry) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        // The wall clock, not an injected one: push services check exp against theirs.
        this.vapidHeaders = new VapidHeaders(contact, java.time.Clock.systemUTC());
        // HTTP/1.1: every push service speaks it, and the JDK client would try an h2c upgrade on a plain-http test endpoint.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build();
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "flydex-push-retry");
            thread.setDaemon(true);
            return thread;
        });
        this.metrics = new PushMetrics(registry, () -> MAX_IN_FLIGHT - inFlight.availablePermits());
    }

    /** Registers the gauge of push work waiting for the trigger thread. */
    void watchQueue(java.util.function.Supplier<Number> waiting) {
        metrics.queue(waiting);
    }

    /** Work dropped before it reached this sender (the trigger queue was full). */
    void dropped() {
        metrics.count(Outcome.DROPPED);
    }

    /** Encrypts, signs and sends {@code message} to {@code subscription}; the answer is handled later. Never blocks on the network. */
    void send(PushSubscription subscription, PushMessage message) {
        attempt(subscription, message, 1);
    }

    private void attempt(PushSubscription subscription, PushMessage message, int attempt) {
        Optional<VapidKeys.Signer> signer = keys.signerFor(subscription.vapidKey());
        if (signer.isEmpty()) {
            // Subscribed with a key since rotated: the push service would refuse the signature.
            subscriptions.deleteGone(subscription.id());
            metrics.count(Outcome.DROPPED);
            return;
        }
        HttpRequest request;
        try {
            request = request(subscription, message, signer.get());
        } catch (RuntimeException e) {
            log.warn("push {} to {} could not be prepared: {}", subscription.id(), host(subscription), e.getClass().getSimpleName());
            metrics.count(Outcome.REJECTED);
            return;
        }
        if (!inFlight.tryAcquire()) {
            metrics.count(Outcome.DROPPED);
            return;
        }
        CompletableFuture<HttpResponse<Void>> sending = http.sendAsync(request, BoundedAnswer.handler(MAX_ANSWER_BYTES));
        sending.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                if (failure instanceof TimeoutException) {
                    sending.cancel(true);
                }
                log.debug("push {} to {} failed on attempt {}: {}", subscription.id(), host(subscription), attempt,
                        failure.getClass().getSimpleName());
                retry(subscription, message, attempt, Duration.ZERO);
            } else {
                answered(subscription, message, attempt, response);
            }
        });
    }

    /** Encrypted for the device by the library (RFC 8291), signed with the cached VAPID header, sent with RFC 8030's headers. */
    private HttpRequest request(PushSubscription subscription, PushMessage message, VapidKeys.Signer signer) {
        // One per push: the library's encryption object keeps per-use state, so two threads must not share one.
        EncryptedPushMessage encrypted = MessageEncryptions.of().encrypt(UserAgentMessageEncryptionKeyInfo.of(subscription.p256dh(), subscription.auth()),
                com.zerodeplibs.webpush.PushMessage.of(message.plaintext()));
        URI endpoint = URI.create(subscription.endpoint());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(ANSWER_TIMEOUT)
                .header("Authorization", vapidHeaders.header(endpoint, signer))
                .header("TTL", Long.toString(message.ttl().toSeconds()))
                .header("Urgency", message.urgent() ? "high" : "normal")
                .header("Content-Type", encrypted.mediaType())
                .header("Content-Encoding", encrypted.contentEncoding())
                .POST(HttpRequest.BodyPublishers.ofByteArray(encrypted.toBytes()));
        message.topic().ifPresent(topic -> request.header("Topic", topic));
        return request.build();
    }

    private void answered(PushSubscription subscription, PushMessage message, int attempt, HttpResponse<Void> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            metrics.count(Outcome.DELIVERED);
            metrics.latency(message.createdNanos());
        } else if (status == 404 || status == 410) {
            subscriptions.deleteGone(subscription.id());
            metrics.count(Outcome.GONE);
            log.info("push subscription {} is gone ({} from {}): deleted", subscription.id(), status, host(subscription));
        } else if (status == 413) {
            metrics.count(Outcome.TOO_LARGE);
            log.warn("push {} of {} bytes refused as too large by {}", message.type(), message.plaintext().length, host(subscription));
        } else if (status == 429 || status >= 500) {
            retry(subscription, message, attempt, retryAfter(response).orElse(Duration.ZERO));
        } else {
            metrics.count(Outcome.REJECTED);
            log.warn("push {} refused by {} with {}", subscription.id(), host(subscription), status);
        }
    }

    /** Again after the longer of the backoff and what the service asked for, unless attempts are used up. */
    private void retry(PushSubscription subscription, PushMessage message, int attempt, Duration asked) {
        if (attempt >= MAX_ATTEMPTS) {
            metrics.count(Outcome.FAILED);
            log.info("push {} to {} given up after {} attempts", subscription.id(), host(subscription), attempt);
            return;
        }
        metrics.count(Outcome.RETRIED);
        Duration backoff = FIRST_RETRY.multipliedBy(1L << (attempt - 1));
        Duration delay = asked.compareTo(backoff) > 0 ? asked : backoff;
        delay = delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
        try {
            retries.schedule(() -> attempt(subscription, message, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            metrics.count(Outcome.FAILED);
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date (RFC 9110). */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration wait = Duration.between(Instant.now(), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        }).filter(wait -> !wait.isNegative());
    }

    private static String host(PushSubscription subscription) {
        return Optional.ofNullable(URI.create(subscription.endpoint()).getHost()).orElse("?");
    }

    @Override
    public void close() {
        retries.shutdownNow();
        http.shutdownNow();
    }
}
