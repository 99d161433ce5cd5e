package net.flydex.protocol.e2e;

import static net.flydex.protocol.e2e.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Offers: single use, expiry by the helper's clock, bounded in number; and the device's checks. */
class IntroductionsTest {
    private final Parties parties = new Parties();
    private final DeviceClient phone = new DeviceClient(P256.generate(Parties.RANDOM), parties.clock, KeySource.from(Parties.RANDOM));

    @Test
    void anOfferIsGoodUntilJustBeforeItsExpiryByTheHelpersClock() throws Exception {
        Offer offer = parties.introductions.offer();
        assertThat(offer.expiresAt()).isEqualTo(Parties.T0.plus(E2eLimits.OFFER_LIFETIME));
        parties.clock.set(offer.expiresAt().minusMillis(1));
        assertThat(parties.introductions.accept(phone.introduce(offer, "phone").message()).deviceId()).isEqualTo(phone.deviceId());

        Offer late = parties.introductions.offer();
        parties.clock.set(late.expiresAt());
        refused(Failure.OFFER_EXPIRED, () -> parties.introductions.accept(phone.introduce(late, "phone").message()));
    }

    @Test
    void fiftyRacingIntroductionsOfOneOfferTrustExactlyOnce() throws Exception {
        Introduction message = phone.introduce(parties.introductions.offer(), "phone").message();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Failure>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            attempts.add(() -> {
                start.await();
                try {
                    parties.introductions.accept(message);
                    return null;
                } catch (E2eException e) {
                    return e.failure();
                }
            });
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Failure>> outcomes = attempts.stream().map(pool::submit).toList();
            start.countDown();
            List<Failure> failures = new ArrayList<>();
            for (Future<Failure> outcome : outcomes) {
                failures.add(outcome.get());
            }
            assertThat(failures.stream().filter(f -> f == null).count()).isEqualTo(1);
            assertThat(failures.stream().filter(f -> f != null)).hasSize(49).containsOnly(Failure.OFFER_UNKNOWN);
        }
        assertThat(parties.devices.list()).hasSize(1);
    }

    @Test
    void aFailedAttemptUsesTheOfferUp() throws Exception {
        Offer offer = parties.introductions.offer();
        Introduction good = phone.introduce(offer, "phone").message();
        refused(Failure.AUTH_FAILED, () -> parties.introductions.accept(new Introduction(good.offerId(), good.devicePublicKey(), "Mallory", good.proof())));
        refused(Failure.OFFER_UNKNOWN, () -> parties.introductions.accept(good));
        assertThat(parties.devices.list()).isEmpty();
    }

    @Test
    void anOfferOfAnotherMachineIsUnknownHere() throws Exception {
        Offer elsewhere = new Parties("m_other").introductions.offer();
        refused(Failure.OFFER_UNKNOWN, () -> parties.introductions.accept(phone.introduce(elsewhere, "phone").message()));
    }

    @Test
    void onlyTheNewestOffersStayOpen() throws Exception {
        Offer oldest = parties.introductions.offer();
        Offer newest = oldest;
        for (int i = 0; i < E2eLimits.MAX_OPEN_OFFERS; i++) {
            newest = parties.introductions.offer();
        }
        Offer last = newest;
        refused(Failure.OFFER_UNKNOWN, () -> parties.introductions.accept(phone.introduce(oldest, "phone").message()));
        assertThat(parties.introductions.accept(phone.introduce(last, "phone").message()).deviceId()).isEqualTo(phone.deviceId());
    }

    @Test
    void theDeviceRefusesAReplyFromAHelperWithoutTheSecret() throws Exception {
        Offer offer = parties.introductions.offer();
        var pending = phone.introduce(offer, "phone");
        // A server that answers itself: it knows the device id, not the key behind the proof.
        byte[] guess = new byte[E2eLimits.PROOF_BYTES];
        refused(Failure.AUTH_FAILED, () -> pending.confirm(new IntroductionAccepted(phone.deviceId(), Base64Url.encode(guess))));
        refused(Failure.MALFORMED, () -> pending.confirm(new IntroductionAccepted(phone.deviceId(), "short")));
    }

    @Test
    void introducingTheSameKeyAgainKeepsOneEntryWithTheNewName() throws Exception {
        parties.introductions.accept(phone.introduce(parties.introductions.offer(), "old name").message());
        parties.clock.set(Parties.T0.plus(Duration.ofMinutes(5)));
        parties.introductions.accept(phone.introduce(parties.introductions.offer(), "new name").message());
        assertThat(parties.devices.list()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("new name");
            assertThat(d.fingerprint()).isEqualTo(phone.fingerprint());
        });
    }

    @Test
    void anOfferNeverPrintsItsSecret() {
        Offer offer = parties.introductions.offer();
        assertThat(offer.toString()).contains(offer.id()).doesNotContain(Base64Url.encode(offer.secret()));
    }

    @Test
    void theDeviceChecksItsNameBeforeSendingIt() {
        refused(Failure.MALFORMED, () -> phone.introduce(parties.introductions.offer(), ""));
        refused(Failure.MALFORMED, () -> phone.introduce(parties.introductions.offer(), "tab\there"));
        refused(Failure.TOO_LARGE, () -> phone.introduce(parties.introductions.offer(), "é".repeat(33)));
    }
}
