package net.flydex.helper.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor("/home/ada");

    @Test
    void secretsAndPersonalDataAreRemoved() {
        String text = String.join("\n",
                "Authorization: Bearer Zk3uQ9xVbT2mN8pLw4cRsA7yH1eJ6dGf",
                "{\"connectToken\":\"tok_CANARY1\",\"pollToken\":\"CANARY2\",\"claimCode\":\"CANARY3\"}",
                "open https://flydex.net/pair#CANARY4claimcode?x=1",
                "session=CANARY5 password=CANARY6 secret: CANARY7",
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEICANARY8\n-----END PRIVATE KEY-----",
                "mail ada.lovelace@example.com about it",
                "an opaque value kX93jfQ0aPz7LmWq2rTb8vNc4s",
                "state in /home/ada/.local/state/flydex");

        String redacted = redactor.redact(text);

        assertThat(redacted).doesNotContain("Zk3uQ9xVbT2mN8pLw4cRsA7yH1eJ6dGf", "CANARY1", "CANARY2", "CANARY3", "CANARY4",
                "CANARY6", "CANARY7", "CANARY8", "ada.lovelace@example.com", "kX93jfQ0aPz7LmWq2rTb8vNc4s", "/home/ada");
        assertThat(redacted).contains("[redacted]", "[redacted key]", "[email]", "~/.local/state/flydex");
    }

    @Test
    void machineIdsFingerprintsVersionsAndPathsStay() {
        String text = "paired as mch_Zk3uQ9xVbT2mN8pLw4cRsA7y key SHA256:Zk3uQ9xVbT2mN8pLw4cRsA7yH1eJ6dGfQ0aPz7LmWq2 "
                + "java at /usr/lib/jvm/temurin-25-jdk-amd64 version 0.1.0-SNAPSHOT";

        assertThat(redactor.redact(text)).isEqualTo(text);
    }
}
