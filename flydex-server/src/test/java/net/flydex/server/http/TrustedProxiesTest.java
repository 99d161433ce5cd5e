package net.flydex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final TrustedProxies LOCAL_PROXY = TrustedProxies.parse(List.of("127.0.0.1"));

    @Test
    void withoutProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.NONE.clientOf("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
    }

    @Test
    void aHeaderFromAPeerThatIsNotAProxyIsIgnored() {
        assertThat(LOCAL_PROXY.clientOf("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
    }

    @Test
    void behindATrustedProxyTheClientIsTheAddressItForwardedFor() {
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void whatTheClientWroteLeftOfItsOwnAddressIsNotBelieved() {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("192.0.2.1, 203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("192.0.2.1", "203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void aChainOfTrustedProxiesIsWalkedFromTheRight() {
        var proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "127.0.0.1"));
        assertThat(proxies.clientOf("127.0.0.1", List.of("192.0.2.1, 203.0.113.7, 10.1.2.3, 10.9.9.9"))).isEqualTo("203.0.113.7");
        assertThat(proxies.clientOf("127.0.0.1", List.of("10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void aMalformedHopStopsTheWalkAtTheLastAddressATrustedHopVouchedFor() {
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("203.0.113.7, not-an-address"))).isEqualTo("127.0.0.1");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of(""))).isEqualTo("127.0.0.1");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("999.1.1.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void hostNamesAreNeverResolved() {
        // "cafe" and "localhost" would be looked up in DNS by InetAddress.getByName; they are not addresses.
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("cafe"))).isEqualTo("127.0.0.1");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("localhost"))).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("localhost"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost");
    }

    @Test
    void portsAndBracketsAreDroppedAndIpv6IsNormalised() {
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("203.0.113.7:4711"))).isEqualTo("203.0.113.7");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("[2001:db8:0:0::1]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(LOCAL_PROXY.clientOf("127.0.0.1", List.of("2001:DB8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void ipv6RangesMatchByPrefix() {
        var proxies = TrustedProxies.parse(List.of("fd00::/8"));
        assertThat(proxies.clientOf("fd12:3456::1", List.of("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(proxies.clientOf("fe80::1", List.of("2001:db8::7"))).isEqualTo("fe80::1");
        assertThat(proxies.clientOf("[fd12::1]", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void cidrPrefixesAreChecked() {
        var proxies = TrustedProxies.parse(List.of("192.168.4.0/22"));
        assertThat(proxies.clientOf("192.168.7.255", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(proxies.clientOf("192.168.8.0", List.of("203.0.113.7"))).isEqualTo("192.168.8.0");
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).clientOf("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("fd00::/129"))).hasMessageContaining("fd00::/129");
    }

    @Test
    void aHugeHeaderIsReadNoFurtherThanTheHopLimit() {
        var everyone = TrustedProxies.parse(List.of("0.0.0.0/0"));
        String hops = String.join(",", java.util.Collections.nCopies(10_000, "10.0.0.1"));
        assertThat(everyone.clientOf("127.0.0.1", List.of("203.0.113.7," + hops))).isEqualTo("10.0.0.1");
    }
}
