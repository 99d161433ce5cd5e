package net.flydex.server.billing;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Billing rows ({@code V4__billing.sql}). Every change is one conditional statement, so
 * concurrent webhooks cannot interleave a read and a write on SQLite or PostgreSQL.
 */
public final class BillingStore {
    /** Stripe statuses under which a subscription is still the account's live one. */
    private static final String LIVE_STATUSES = "('active', 'trialing', 'past_due')";

    private final Jdbi jdbi;

    public BillingStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public BillingState find(String accountId) {
        return jdbi.withHandle(h -> new Tx(h).state(accountId));
    }

    <T> T inTransaction(Function<Tx, T> work) {
        return jdbi.inTransaction(h -> work.apply(new Tx(h)));
    }

    /** The store's operations inside one transaction. */
    static final class Tx {
        private final Handle handle;

        private Tx(Handle handle) {
            this.handle = handle;
        }

        BillingState state(String accountId) {
            return handle.createQuery("""
                            SELECT customer_id, subscription_id, status, period_end, past_due_since
                            FROM billing_accounts WHERE account_id = :account""")
                    .bind("account", accountId)
                    .map((rs, ctx) -> new BillingState(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
                            Optional.ofNullable(rs.getString(3)), instant(rs.getLong(4), rs.wasNull()), instant(rs.getLong(5), rs.wasNull())))
                    .findOne().orElse(BillingState.NONE);
        }

        /** Records the event id; false if it was processed before (a retry or a duplicate). */
        boolean markProcessed(String eventId, String type, Instant now) {
            return handle.createUpdate("""
                            INSERT INTO billing_events (event_id, type, received_at) VALUES (:id, :type, :now)
                            ON CONFLICT (event_id) DO NOTHING""")
                    .bind("id", eventId).bind("type", type).bind("now", now.toEpochMilli()).execute() == 1;
        }

        /** Gives the account a billing row; false if no such account exists. */
        boolean ensureAccount(String accountId) {
            handle.createUpdate("""
                            INSERT INTO billing_accounts (account_id) SELECT id FROM accounts WHERE id = :account
                            ON CONFLICT (account_id) DO NOTHING""")
                    .bind("account", accountId).execute();
            return handle.createQuery("SELECT COUNT(*) FROM billing_accounts WHERE account_id = :account")
                    .bind("account", accountId).mapTo(Integer.class).one() == 1;
        }

        Optional<String> accountOfCustomer(String customerId) {
            return handle.createQuery("SELECT account_id FROM billing_accounts WHERE customer_id = :customer")
                    .bind("customer", customerId).mapTo(String.class).findOne();
        }

        /**
         * Links the customer unless the account already has one or the customer belongs to
         * another account; answers the account's customer afterwards.
         */
        Optional<String> linkCustomer(String accountId, String customerId) {
            handle.createUpdate("""
                            UPDATE billing_accounts SET customer_id = :customer
                            WHERE account_id = :account AND customer_id IS NULL
                              AND NOT EXISTS (SELECT 1 FROM billing_accounts other WHERE other.customer_id = :customer)""")
                    .bind("account", accountId).bind("customer", customerId).execute();
            return state(accountId).customerId();
        }

        /** Applies the report unless a later one was applied already; true if it changed the row. */
        boolean apply(String accountId, StatusReport report) {
            var sql = new StringBuilder("UPDATE billing_accounts SET status = :status, status_version = :version");
            sql.append(Access.PAST_DUE.equals(report.status())
                    ? ", past_due_since = COALESCE(CASE WHEN status = 'past_due' THEN past_due_since END, :at)"
                    : ", past_due_since = NULL");
            report.subscriptionId().ifPresent(s -> sql.append(", subscription_id = :subscription"));
            report.periodEnd().ifPresent(p -> sql.append(", period_end = :periodEnd"));
            sql.append(" WHERE account_id = :account AND (status_version IS NULL OR status_version <= :version)");
            // A report about another subscription matters only once the account's own is over.
            report.subscriptionId().ifPresent(s -> sql.append(
                    " AND (subscription_id IS NULL OR subscription_id = :subscription OR status NOT IN " + LIVE_STATUSES + ")"));
            if (report.onlyIfPaying()) {
                sql.append(" AND status IN " + LIVE_STATUSES);
            }
            var update = handle.createUpdate(sql.toString())
                    .bind("account", accountId).bind("status", report.status()).bind("version", report.version());
            if (Access.PAST_DUE.equals(report.status())) {
                update.bind("at", report.at().toEpochMilli());
            }
            report.subscriptionId().ifPresent(s -> update.bind("subscription", s));
            report.periodEnd().ifPresent(p -> update.bind("periodEnd", p.toEpochMilli()));
            return update.execute() == 1;
        }

        private static Optional<Instant> instant(long millis, boolean wasNull) {
            return wasNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
        }
    }
}
