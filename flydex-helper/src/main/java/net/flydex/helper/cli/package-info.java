/**
 * The {@code flydex} command line (picocli): {@code start} (the default), {@code run}, {@code status},
 * {@code stop}, {@code pair}, {@code unpair}, {@code service install|uninstall|status}, {@code logs},
 * {@code doctor}, {@code --version}.
 */
package net.flydex.helper.cli;
