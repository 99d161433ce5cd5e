package net.flydex.bench;

import net.flydex.server.accounts.Account;
import net.flydex.server.accounts.DeviceLabel;
import net.flydex.server.accounts.IssuedSession;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.audit.AuditKind;
import net.flydex.server.audit.AuditLog;

/**
 * The work {@code AccountRoutes.signin} does behind HTTP, called on the server's own services:
 * {@code Accounts.signin} (the account lookup and Argon2), then for a known email
 * {@code Sessions.create}, and the audit record either way. No rate limit applies here, so the
 * difference to {@link HttpSignins} is what HTTP, Javalin, JSON, the limiter and the cookies add.
 */
final class InProcessSignins implements SigninPath {
    private final FlydexServer.Services services;

    InProcessSignins(FlydexServer.Services services) {
        this.services = services;
    }

    @Override
    public void signin(int pair, String email, String password, boolean known) {
        var account = services.accounts().signin(email, password);
        if (account.isPresent() != known) {
            throw new IllegalStateException("Accounts.signin of a " + (known ? "known" : "unknown") + " email answered "
                    + (account.isPresent() ? "an account" : "nothing"));
        }
        account.ifPresentOrElse(this::signedIn, () -> services.audit().record(AuditKind.SIGNIN_FAILED, AuditLog.Ids.none()));
    }

    @Override
    public void close() {
        // Nothing of its own: the services belong to the server.
    }

    private void signedIn(Account account) {
        IssuedSession session = services.sessions().create(account.id(), DeviceLabel.UNKNOWN);
        services.audit().record(AuditKind.SIGNIN, AuditLog.Ids.account(account.id()).withSession(session.sessionId()));
    }
}
