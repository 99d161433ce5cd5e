/** The {@code flydex} command line (picocli): {@code run}, {@code pair}, {@code status}, {@code --version}. */
package net.flydex.helper.cli;
