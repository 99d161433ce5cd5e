package net.flydex.server.push;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.flydex.protocol.ErrorCode;
import net.flydex.server.accounts.AuthSession;
import net.flydex.server.accounts.DeviceLabel;
import net.flydex.server.http.ApiException;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.JsonNode;

/**
 * Push subscriptions, each tied to the session that made it: it is deleted when that session is
 * revoked ({@link #deleteForSession}), never pushed to once the session expired, and swept when
 * its account next subscribes. Everything another account owns reads as absent.
 */
public final class PushSubscriptions {
    /** More devices than a person has; bounds the pushes one approval can fan out to. */
    public static final int MAX_PER_ACCOUNT = 20;

    private static final String COLUMNS = "p.id, p.account_id, p.endpoint, p.p256dh, p.auth, p.vapid_key, "
            + "p.approvals, p.turn_ended, p.machine_offline, p.hide_details, p.device_id";
    private static final String LIVE_SESSION = " s.revoked_at IS NULL AND s.expires_at > :now";

    /** What a save did: the subscription as listed, and whether it is new (201) or updated (200). */
    public record Saved(SubscriptionView view, boolean created) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public PushSubscriptions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Stores the browser's subscription for the caller's session. The same endpoint again is an
     * update (keys, preferences named, and the session, which may be a newer sign-in on that
     * browser); an endpoint another account held is taken over, since only the browser holding it
     * can read what is pushed there.
     */
    public Saved save(AuthSession session, NewSubscription subscription, String vapidKey) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            sweepDead(h, session.accountId(), now);
            record Existing(String id, String accountId, PushPreferences preferences) {}
            Optional<Existing> existing = h.createQuery("SELECT " + COLUMNS + " FROM push_subscriptions p WHERE p.endpoint = :endpoint")
                    .bind("endpoint", subscription.endpoint())
                    .map((rs, ctx) -> new Existing(rs.getString(1), rs.getString(2), preferences(rs))).findOne();
            boolean ours = existing.filter(e -> e.accountId().equals(session.accountId())).isPresent();
            if (existing.isPresent() && !ours) {
                h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id").bind("id", existing.get().id()).execute();
            }
            PushPreferences preferences = PushPreferences.merge(ours ? existing.get().preferences() : PushPreferences.DEFAULTS,
                    subscription.preferences());
            String id = ours ? existing.get().id() : Tokens.newId("psh");
            if (ours) {
                h.createUpdate("""
                                UPDATE push_subscriptions SET session_id = :session, p256dh = :p256dh, auth = :auth, vapid_key = :vapid,
                                    approvals = :approvals, turn_ended = :turnEnded, machine_offline = :machineOffline, hide_details = :hideDetails,
                                    device_id = :deviceId
                                WHERE id = :id""")
                        .bind("id", id).bind("session", session.sessionId()).bind("p256dh", subscription.p256dh())
                        .bind("deviceId", subscription.deviceId().orElse(null))
                        .bind("auth", subscription.auth()).bind("vapid", vapidKey).bindMethods(bits(preferences)).execute();
            } else {
                int held = h.createQuery("SELECT COUNT(*) FROM push_subscriptions WHERE account_id = :account")
                        .bind("account", session.accountId()).mapTo(Integer.class).one();
                if (held >= MAX_PER_ACCOUNT) {
                    throw new ApiException(409, ErrorCode.CONFLICT,
                            "at most " + MAX_PER_ACCOUNT + " devices receive notifications; turn one off on the account page first");
                }
                h.createUpdate("""
                                INSERT INTO push_subscriptions (id, account_id, session_id, endpoint, p256dh, auth, vapid_key,
                                    approvals, turn_ended, machine_offline, hide_details, created_at, device_id)
                                VALUES (:id, :account, :session, :endpoint, :p256dh, :auth, :vapid,
                                    :approvals, :turnEnded, :machineOffline, :hideDetails, :now, :deviceId)""")
                        .bind("deviceId", subscription.deviceId().orElse(null))
                        .bind("id", id).bind("account", session.accountId()).bind("session", session.sessionId())
                        .bind("endpoint", subscription.endpoint()).bind("p256dh", subscription.p256dh()).bind("auth", subscription.auth())
                        .bind("vapid", vapidKey).bind("now", now).bindMethods(bits(preferences)).execute();
            }
            return new Saved(view(h, session, id).orElseThrow(), !ours);
        });
    }

    /** The account's subscriptions of live sessions, oldest first. */
    public List<SubscriptionView> list(AuthSession session) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, s.device, p.created_at, p.approvals, p.turn_ended, p.machine_offline, p.hide_details, p.session_id, p.device_id
                        FROM push_subscriptions p JOIN sessions s ON s.id = p.session_id
                        WHERE p.account_id = :account AND """ + LIVE_SESSION + " ORDER BY p.created_at, p.id")
                .bind("account", session.accountId()).bind("now", clock.millis())
                .map((rs, ctx) -> view(rs, session)).list());
    }

    /** Changes the preferences the body names on one of the account's subscriptions. */
    public SubscriptionView updatePreferences(AuthSession session, String id, JsonNode changes) {
        return jdbi.inTransaction(h -> {
            SubscriptionView current = view(h, session, id).orElseThrow(ApiException::notFound);
            PushPreferences preferences = PushPreferences.merge(current.preferences(), changes);
            h.createUpdate("""
                            UPDATE push_subscriptions SET approvals = :approvals, turn_ended = :turnEnded,
                                machine_offline = :machineOffline, hide_details = :hideDetails
                            WHERE id = :id AND account_id = :account""")
                    .bind("id", id).bind("account", session.accountId()).bindMethods(bits(preferences)).execute();
            return view(h, session, id).orElseThrow();
        });
    }

    /** Deletes one of the account's subscriptions; false when it has none by that id. */
    public boolean delete(String accountId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id AND account_id = :account")
                .bind("id", id).bind("account", accountId).execute()) > 0;
    }

    /** The session was revoked (sign-out, refresh-token reuse, the account page): its subscriptions go with it. */
    public void deleteForSession(String sessionId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM push_subscriptions WHERE session_id = :session").bind("session", sessionId).execute());
    }

    /** The push service said the subscription is gone (404/410). */
    public void deleteGone(String id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id").bind("id", id).execute());
    }

    /** Every subscription of the account whose session is live: the devices a push may go to. */
    public List<PushSubscription> deliverable(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
                         FROM push_subscriptions p JOIN sessions s ON s.id = p.session_id
                        WHERE p.account_id = :account AND """ + LIVE_SESSION)
                .bind("account", accountId).bind("now", clock.millis())
                .map((rs, ctx) -> new PushSubscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), preferences(rs), Optional.ofNullable(rs.getString(11))))
                .list());
    }

    /** Subscriptions of the account's expired or revoked sessions, so they do not count against the cap. */
    private static void sweepDead(Handle h, String accountId, long now) {
        h.createUpdate("""
                        DELETE FROM push_subscriptions WHERE account_id = :account AND session_id IN (
                            SELECT id FROM sessions WHERE account_id = :account AND (revoked_at IS NOT NULL OR expires_at <= :now))""")
                .bind("account", accountId).bind("now", now).execute();
    }

    private Optional<SubscriptionView> view(Handle h, AuthSession session, String id) {
        return h.createQuery("""
                        SELECT p.id, s.device, p.created_at, p.approvals, p.turn_ended, p.machine_offline, p.hide_details, p.session_id, p.device_id
                        FROM push_subscriptions p JOIN sessions s ON s.id = p.session_id
                        WHERE p.id = :id AND p.account_id = :account AND """ + LIVE_SESSION)
                .bind("id", id).bind("account", session.accountId()).bind("now", clock.millis())
                .map((rs, ctx) -> view(rs, session)).findOne();
    }

    private static SubscriptionView view(ResultSet rs, AuthSession session) throws SQLException {
        return new SubscriptionView(rs.getString(1), Optional.ofNullable(rs.getString(2)).orElse(DeviceLabel.UNKNOWN),
                Instant.ofEpochMilli(rs.getLong(3)),
                new PushPreferences(rs.getInt(4) != 0, rs.getInt(5) != 0, rs.getInt(6) != 0, rs.getInt(7) != 0),
                rs.getString(8).equals(session.sessionId()), Optional.ofNullable(rs.getString(9)).orElse(""));
    }

    /** The four flags, read at columns 7 to 10 of {@link #COLUMNS}. */
    private static PushPreferences preferences(ResultSet rs) throws SQLException {
        return new PushPreferences(rs.getInt(7) != 0, rs.getInt(8) != 0, rs.getInt(9) != 0, rs.getInt(10) != 0);
    }

    /** The preferences as the 0/1 integers both databases store, bound by name. */
    private static Bits bits(PushPreferences p) {
        return new Bits(p.approvals() ? 1 : 0, p.turnEnded() ? 1 : 0, p.machineOffline() ? 1 : 0, p.hideDetails() ? 1 : 0);
    }

    /** Bound through {@code bindMethods}: each accessor fills the parameter of its name. */
    public record Bits(int approvals, int turnEnded, int machineOffline, int hideDetails) {}
}
