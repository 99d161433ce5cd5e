package net.flydex.helper.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that takes the helper's flags ({@link HelperOptions}) and prints to picocli's streams. */
abstract class HelperCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelperOptions options;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
