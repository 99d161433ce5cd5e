package net.flydex.server.push;

import java.util.Set;
import net.flydex.server.http.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * What one device wants to be told, chosen on the account page. Wire names as in
 * {@code docs/api.md}.
 *
 * @param approvals an approval or a question waits (default on)
 * @param turnEnded a turn finished or failed (default off)
 * @param machineOffline a machine went offline while a turn was running (default off)
 * @param hideDetails the lock screen shows only which machine waits, and no Approve (default off)
 */
public record PushPreferences(boolean approvals, boolean turnEnded, boolean machineOffline, boolean hideDetails) {
    public static final PushPreferences DEFAULTS = new PushPreferences(true, false, false, false);
    private static final Set<String> FIELDS = Set.of("approvals", "turnEnded", "machineOffline", "hideDetails");

    /** {@code base} with the fields {@code json} names changed: absent fields keep their value, unknown ones are refused. */
    public static PushPreferences merge(PushPreferences base, JsonNode json) {
        if (json == null || json.isNull()) {
            return base;
        }
        if (!json.isObject()) {
            throw ApiException.badRequest("preferences must be an object");
        }
        for (String name : json.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("preferences has no field " + name + "; known: " + FIELDS);
            }
        }
        return new PushPreferences(flag(json, "approvals", base.approvals), flag(json, "turnEnded", base.turnEnded),
                flag(json, "machineOffline", base.machineOffline), flag(json, "hideDetails", base.hideDetails));
    }

    private static boolean flag(JsonNode json, String field, boolean otherwise) {
        JsonNode value = json.get(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("preferences." + field + " must be true or false");
        }
        return value.asBoolean();
    }
}
