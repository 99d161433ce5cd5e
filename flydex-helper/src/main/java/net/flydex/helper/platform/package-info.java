/** Which operating system this is and where, by its conventions, the helper keeps its files. */
package net.flydex.helper.platform;
