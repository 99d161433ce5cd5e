package net.flydex.server.audit;

import java.time.Clock;
import java.util.Optional;
import net.flydex.server.security.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Append-only record of security events, scrubbed by construction: it accepts ids and a kind,
 * nothing else - no tokens, passwords, emails, names or content can be written through it.
 */
public final class AuditLog {
    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** What an event is about; every field is an id minted by FlyDex. */
    public record Ids(Optional<String> accountId, Optional<String> sessionId, Optional<String> machineId,
            Optional<String> subjectId) {
        public static Ids none() {
            return new Ids(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Ids account(String accountId) {
            return none().withAccount(accountId);
        }

        public Ids withAccount(String id) {
            return new Ids(Optional.of(id), sessionId, machineId, subjectId);
        }

        public Ids withSession(String id) {
            return new Ids(accountId, Optional.of(id), machineId, subjectId);
        }

        public Ids withMachine(String id) {
            return new Ids(accountId, sessionId, Optional.of(id), subjectId);
        }

        public Ids withSubject(String id) {
            return new Ids(accountId, sessionId, machineId, Optional.of(id));
        }
    }

    public void record(AuditKind kind, Ids ids) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_events (id, at, kind, account_id, session_id, machine_id, subject_id)
                        VALUES (:id, :at, :kind, :account, :session, :machine, :subject)""")
                .bind("id", Tokens.newId("aud"))
                .bind("at", clock.millis())
                .bind("kind", kind.name())
                .bind("account", ids.accountId().orElse(null))
                .bind("session", ids.sessionId().orElse(null))
                .bind("machine", ids.machineId().orElse(null))
                .bind("subject", ids.subjectId().orElse(null))
                .execute());
    }
}
