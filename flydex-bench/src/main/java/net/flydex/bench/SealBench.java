package net.flydex.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.Session;
import net.flydex.protocol.e2e.TrustedDevices;
import net.flydex.protocol.e2e.TrustedHelper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What end-to-end sealing costs the helper per event, in one JVM and one thread, against the
 * baseline measured in the same rounds: writing the event frame as JSON, which the helper does
 * today. Variants take turns within every round, so drift lands on all alike. Sizes: a streamed
 * delta, an approval card, a 64 KiB piece of command output. Also the handshake, once per socket.
 * Not wired into the relay yet (docs/e2e.md): this is the primitive's cost, not a round trip.
 * Progress goes to stderr, the report to stdout.
 */
public final class SealBench {
    /** Payload sizes of the text an event carries. */
    private static final int[] SIZES = {120, 2 * 1024, 64 * 1024};
    /** Timed rounds per size (fewer for the large one: each round is ~100x the work). */
    private static final int[] ROUNDS = {20_000, 20_000, 2_000};
    /** Devices subscribed to the machine in the fan-out variant: the "5 devices". */
    private static final int FAN_OUT = 5;
    /** Handshakes timed (each is four ECDHs per side). */
    private static final int HANDSHAKES = 300;
    private static final String MACHINE_ID = "m_bench";

    private final SecureRandom random = new SecureRandom();
    private final P256.KeyPair helperKey = P256.generate(random);
    private final TrustedDevices devices = new TrustedDevices(List.of());
    private final Introductions introductions = new Introductions(helperKey, devices, Clock.systemUTC(), random);
    private final HelperEndpoint endpoint = new HelperEndpoint(MACHINE_ID, helperKey, devices, Clock.systemUTC(), KeySource.from(random));

    private SealBench() {}

    public static void main(String[] args) throws Exception {
        new SealBench().run();
    }

    private record Pair(DeviceClient device, Session deviceSide, Session helperSide) {}

    private Pair pair(String name) throws E2eException {
        DeviceClient device = new DeviceClient(P256.generate(random), Clock.systemUTC(), KeySource.from(random));
        var pending = device.introduce(introductions.offer(), name);
        var helper = pending.confirm(introductions.accept(pending.message()));
        DeviceClient.Handshake handshake = device.handshake(helper, MACHINE_ID);
        HelperEndpoint.Answer answer = endpoint.answer(device.deviceId(), handshake.hello());
        return new Pair(device, handshake.finish(answer.reply()), answer.session());
    }

    private static ObjectNode event(int size) {
        ObjectNode event = WireJson.mapper().createObjectNode();
        event.put("type", "event");
        event.put("machineId", MACHINE_ID);
        event.put("method", "item/agentMessage/delta");
        ObjectNode params = event.putObject("params");
        params.put("threadId", "019a-bench");
        params.put("delta", "x".repeat(size));
        return event;
    }

    /** The sealed frame as the relay would carry it: envelope fields in clear, the event sealed. */
    private static String sealedFrame(Session session, byte[] plaintext) throws E2eException {
        String sealed = session.seal("event", "", plaintext);
        return "{\"type\":\"event\",\"machineId\":\"" + MACHINE_ID + "\",\"deviceId\":\"" + session.deviceId() + "\",\"sealed\":\"" + sealed + "\"}";
    }

    private void run() throws Exception {
        System.err.println("introducing " + (FAN_OUT + 1) + " devices...");
        List<Pair> fan = new ArrayList<>();
        for (int i = 0; i < FAN_OUT; i++) {
            fan.add(pair("bench " + i));
        }
        Pair reader = pair("reader");
        var table = new Table("event text", "clear JSON p50 µs", "sealed, 1 device p50 µs", "ratio", "sealed, 5 devices p50 µs", "ratio",
                "open p50 µs", "clear p99 / 1 device p99 / 5 devices p99 µs");
        long sink = 0;
        for (int s = 0; s < SIZES.length; s++) {
            System.err.println("timing " + ROUNDS[s] + " rounds at " + SIZES[s] + " bytes...");
            ObjectNode event = event(SIZES[s]);
            long[] clear = new long[ROUNDS[s]], one = new long[ROUNDS[s]], five = new long[ROUNDS[s]], open = new long[ROUNDS[s]];
            for (int round = -ROUNDS[s]; round < ROUNDS[s]; round++) {
                long t0 = System.nanoTime();
                sink += WireJson.mapper().writeValueAsString(event).length();
                long t1 = System.nanoTime();
                sink += sealedFrame(fan.getFirst().helperSide(), WireJson.mapper().writeValueAsBytes(event.get("params"))).length();
                long t2 = System.nanoTime();
                byte[] params = WireJson.mapper().writeValueAsBytes(event.get("params"));
                for (Pair p : fan) {
                    sink += sealedFrame(p.helperSide(), params).length();
                }
                long t3 = System.nanoTime();
                String frame = reader.deviceSide().seal("rpc", "", params);
                long t4 = System.nanoTime();
                sink += reader.helperSide().open("rpc", "", frame).length;
                long t5 = System.nanoTime();
                if (round >= 0) {
                    clear[round] = t1 - t0;
                    one[round] = t2 - t1;
                    five[round] = t3 - t2;
                    open[round] = t5 - t4;
                }
            }
            Latencies c = Latencies.of(clear), o = Latencies.of(one), f = Latencies.of(five), r = Latencies.of(open);
            table.row(SIZES[s] + " B", fmt(c.p50()), fmt(o.p50()), ratio(o.p50(), c.p50()), fmt(f.p50()), ratio(f.p50(), c.p50()), fmt(r.p50()),
                    fmt(c.p99()) + " / " + fmt(o.p99()) + " / " + fmt(f.p99()));
        }
        System.err.println("timing " + HANDSHAKES + " handshakes...");
        long[] answer = new long[HANDSHAKES], finish = new long[HANDSHAKES];
        for (int round = -HANDSHAKES; round < HANDSHAKES; round++) {
            DeviceClient.Handshake handshake = reader.device().handshake(new TrustedHelper(helperKey.publicKey()), MACHINE_ID);
            long t0 = System.nanoTime();
            HelperEndpoint.Answer a = endpoint.answer(reader.device().deviceId(), handshake.hello());
            long t1 = System.nanoTime();
            handshake.finish(a.reply());
            long t2 = System.nanoTime();
            if (round >= 0) {
                answer[round] = t1 - t0;
                finish[round] = t2 - t1;
            }
        }
        Latencies h = Latencies.of(answer), d = Latencies.of(finish);
        System.out.println("FlyDex seal bench, %s, %d cores, %s %s, Java %s%n".formatted(
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version()));
        System.out.println(table.render());
        System.out.println("handshake: helper answers in p50 %s µs (p99 %s), device finishes in p50 %s µs (p99 %s)".formatted(
                fmt(h.p50()), fmt(h.p99()), fmt(d.p50()), fmt(d.p99())));
        System.err.println("(checksum " + sink + ")");
    }

    private static String fmt(double micros) {
        return micros >= 100 ? String.format("%.0f", micros) : String.format("%.1f", micros);
    }

    private static String ratio(double value, double baseline) {
        return String.format("%.1fx", value / baseline);
    }
}
