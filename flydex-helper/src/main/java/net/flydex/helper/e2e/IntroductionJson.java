package net.flydex.helper.e2e;

import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Failure;
import net.flydex.protocol.e2e.Introduction;
import tools.jackson.databind.JsonNode;

/**
 * An introduction as it arrives in JSON, from the relay ({@code e2e/introduce}) or the local API
 * ({@code /v1/e2e/introduce}): {@code {offerId, devicePublicKey, deviceName, proof}}, every field
 * a string. Anything else is {@link Failure#MALFORMED}, never a null handed on.
 */
public final class IntroductionJson {
    private IntroductionJson() {}

    public static Introduction parse(JsonNode introduction) throws E2eException {
        if (!introduction.isObject()) {
            throw new E2eException(Failure.MALFORMED, "an introduction is a JSON object");
        }
        return new Introduction(text(introduction, "offerId"), text(introduction, "devicePublicKey"), text(introduction, "deviceName"),
                text(introduction, "proof"));
    }

    private static String text(JsonNode introduction, String field) throws E2eException {
        JsonNode value = introduction.path(field);
        if (!value.isString()) {
            throw new E2eException(Failure.MALFORMED, field + " must be a string");
        }
        return value.asString();
    }
}
