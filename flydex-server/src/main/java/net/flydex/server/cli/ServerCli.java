package net.flydex.server.cli;

import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.flydex.server.app.FlydexServer;
import net.flydex.server.app.ServerConfig;
import net.flydex.server.billing.StripeSettings;
import net.flydex.server.security.PasswordHasher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import net.flydex.server.http.IpLiteral;
import net.flydex.server.http.TrustedProxies;
import net.flydex.server.push.PushEndpoints;
import net.flydex.server.push.PushSettings;
import picocli.CommandLine.Option;

/** {@code flydex-server serve}: one control-plane node. */
@Command(name = "flydex-server", mixinStandardHelpOptions = true, version = "flydex-server",
        subcommands = {ServerCli.Serve.class, PushCommand.class}, description = "The FlyDex control plane.")
public final class ServerCli implements Runnable {
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_REDIS_UNREACHABLE = 4;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the API, the web app and the relay.")
    static final class Serve implements Callable<Integer> {
        /** A node id names Redis channels and keys and appears in logs: keep it plain. */
        private static final String NODE_ID = "[A-Za-z0-9_-]{1,64}";
        /** A guessable scrape token would expose the node's traffic figures. */
        private static final int MIN_METRICS_TOKEN = 16;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--host", defaultValue = "${env:FLYDEX_HOST:-0.0.0.0}",
                description = "IP address to listen on (default: ${DEFAULT-VALUE}, every interface; 127.0.0.1 behind a proxy on this host).")
        String host;

        @Option(names = "--port", defaultValue = "${env:FLYDEX_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
        int port;

        @CommandLine.Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Option(names = "--public-url", defaultValue = "${env:FLYDEX_PUBLIC_URL}",
                description = "The URL browsers use (default: http://localhost:PORT).")
        URI publicUrl;

        @Option(names = "--redis-url", defaultValue = "${env:FLYDEX_REDIS_URL}", description = "Redis for the cluster bus.")
        String redisUrl;

        @Option(names = "--node-id", defaultValue = "${env:FLYDEX_NODE_ID:-node-1}", description = "This node's name.")
        String nodeId;

        @Option(names = "--metrics-token", defaultValue = "${env:FLYDEX_METRICS_TOKEN}",
                description = "Bearer token a Prometheus scraper presents at /metrics; without it /metrics is off.")
        String metricsToken;

        @Option(names = "--trusted-proxy", split = ",", defaultValue = "${env:FLYDEX_TRUSTED_PROXIES}",
                description = "Reverse proxy or load balancer in front of this node (IP or CIDR; repeat or separate with commas): "
                        + "its X-Forwarded-For names the client for rate limits. Without it the header is ignored.")
        List<String> trustedProxies = new ArrayList<>();

        @Option(names = "--stripe-api-key", defaultValue = "${env:FLYDEX_STRIPE_API_KEY}",
                description = "Stripe secret key; without it billing is off and only trials run.")
        String stripeApiKey;

        @Option(names = "--stripe-price-id", defaultValue = "${env:FLYDEX_STRIPE_PRICE_ID}",
                description = "The Stripe price of the monthly subscription.")
        String stripePriceId;

        @Option(names = "--stripe-webhook-secret", defaultValue = "${env:FLYDEX_STRIPE_WEBHOOK_SECRET}",
                description = "Signing secret of the Stripe webhook endpoint (/api/billing/webhook).")
        String stripeWebhookSecret;

        @Option(names = "--stripe-api-base", defaultValue = "${env:FLYDEX_STRIPE_API_BASE:-https://api.stripe.com}",
                description = "Stripe's API base URL (default: ${DEFAULT-VALUE}).")
        URI stripeApiBase;

        @Option(names = "--push-allow-endpoint", split = ",", defaultValue = "${env:FLYDEX_PUSH_ALLOW_ENDPOINT}",
                description = "A URL prefix of push endpoints to trust besides Google's, Mozilla's, Apple's and Microsoft's push services "
                        + "(repeat or separate with commas), such as a self-hosted push service. Never point it at your own network.")
        List<String> pushAllowEndpoints = new ArrayList<>();

        @Option(names = "--push-contact", defaultValue = "${env:FLYDEX_PUSH_CONTACT}",
                description = "mailto: or https: contact push services may use to reach the operator (VAPID 'sub'; "
                        + "default: the public URL when https, else mailto:push@<public host>).")
        String pushContact;

        @Override
        public Integer call() throws Exception {
            Path dataDir = database.dataDir;
            String databaseUrl = database.databaseUrl;
            URI publicUrl = Optional.ofNullable(this.publicUrl).orElse(URI.create("http://localhost:" + port));
            if (publicUrl.getHost() == null || !(publicUrl.getScheme().equals("http") || publicUrl.getScheme().equals("https"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--public-url must be an http(s) URL");
            }
            if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:") && !databaseUrl.startsWith("jdbc:sqlite:")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--database-url must be a jdbc:postgresql: URL");
            }
            if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--redis-url must be a redis:// or rediss:// URL");
            }
            if (redisUrl != null && databaseUrl == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--redis-url needs --database-url: the nodes of a cluster share PostgreSQL");
            }
            if (!nodeId.matches(NODE_ID)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--node-id: letters, digits, '-' and '_', at most 64");
            }
            if (metricsToken != null && metricsToken.length() < MIN_METRICS_TOKEN) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--metrics-token: at least " + MIN_METRICS_TOKEN + " characters");
            }
            if (IpLiteral.parse(host).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--host must be an IP address, such as 127.0.0.1, 0.0.0.0 or ::");
            }
            TrustedProxies proxies;
            try {
                proxies = TrustedProxies.parse(Optional.ofNullable(trustedProxies).orElse(List.of()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trusted-proxy: " + e.getMessage());
            }
            var config = new ServerConfig(port, dataDir, publicUrl, Optional.ofNullable(databaseUrl), Optional.ofNullable(redisUrl),
                    nodeId, PasswordHasher.DEFAULT, stripe(), Optional.ofNullable(metricsToken), proxies, host, push());
            FlydexServer server;
            try {
                server = FlydexServer.start(config, Clock.systemUTC());
            } catch (RuntimeException e) {
                if (causedBy(e, BindException.class)) {
                    spec.commandLine().getErr().println("flydex-server: port " + port + " is in use");
                    return EXIT_PORT_IN_USE;
                }
                if (causedBy(e, io.lettuce.core.RedisConnectionException.class)) {
                    spec.commandLine().getErr().println("flydex-server: cannot reach Redis (--redis-url); a cluster node needs it to start");
                    return EXIT_REDIS_UNREACHABLE;
                }
                throw e;
            }
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "flydex-server-shutdown"));
            spec.commandLine().getOut().println("flydex-server ready on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + " (public " + publicUrl
                    + ", " + (databaseUrl == null ? "sqlite in " + dataDir : "postgresql")
                    + (redisUrl == null ? "" : ", cluster node " + nodeId) + ")");
            spec.commandLine().getOut().flush();
            stopped.await();
            return 0;
        }

        private PushSettings push() {
            List<String> prefixes = Optional.ofNullable(pushAllowEndpoints).orElse(List.of()).stream().map(String::strip)
                    .filter(p -> !p.isEmpty()).toList();
            try {
                PushEndpoints.trusting(prefixes);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--push-allow-endpoint: " + e.getMessage());
            }
            if (pushContact != null && !(pushContact.startsWith("mailto:") || pushContact.startsWith("https://"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--push-contact must be a mailto: or https:// URI");
            }
            return new PushSettings(prefixes, Optional.ofNullable(pushContact));
        }

        /** Billing is all or nothing: a key without its price or webhook secret is a mistake, not a mode. */
        private Optional<StripeSettings> stripe() {
            if (stripeApiKey == null && stripePriceId == null && stripeWebhookSecret == null) {
                return Optional.empty();
            }
            if (stripeApiKey == null || stripePriceId == null || stripeWebhookSecret == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--stripe-api-key, --stripe-price-id and --stripe-webhook-secret go together");
            }
            if (stripeApiBase.getHost() == null || !(stripeApiBase.getScheme().equals("http") || stripeApiBase.getScheme().equals("https"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stripe-api-base must be an http(s) URL");
            }
            return Optional.of(new StripeSettings(stripeApiKey, stripePriceId, stripeWebhookSecret, stripeApiBase));
        }

        private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
