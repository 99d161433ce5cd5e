package net.flydex.server.machines;

/** What a helper registers: its key and how to show it. Built only from checked fields. */
public record NewMachine(MachineKey key, String name, String platform, String helperVersion) {

    public NewMachine {
        name = MachineFields.name(name);
        platform = MachineFields.platform(platform);
        helperVersion = MachineFields.helperVersion(helperVersion);
    }
}
