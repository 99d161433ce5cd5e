package net.flydex.helper.cli;

import net.flydex.helper.app.HelperConfig;
import net.flydex.helper.diagnostics.DoctorReport;
import net.flydex.helper.diagnostics.Redactor;
import net.flydex.helper.platform.PlatformPaths;
import net.flydex.helper.service.CommandRunner;
import net.flydex.helper.service.ServiceManager;
import picocli.CommandLine.Command;

/** {@code flydex doctor}: a report to send to support, every token, key and piece of content redacted. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print a diagnostic report (versions, OS, helper, Codex, recent errors) that is safe to share.")
final class DoctorCommand extends HelperCommand {
    @Override
    public Integer call() throws Exception {
        HelperConfig config = options.config();
        PlatformPaths paths = PlatformPaths.current();
        var inputs = new DoctorReport.Inputs(config.stateDir(), config.port(), config.server(), LocalHelper.health(config.port()),
                ServiceManager.forPlatform(paths, CommandRunner.system(), System.getenv()).status(), BackgroundHelper.invokedAs());
        out().print(new DoctorReport(Redactor.forThisUser()).render(inputs));
        out().flush();
        return 0;
    }
}
