/**
 * Local connect: the desktop browser, signed in, hands its local helper a one-time connect token;
 * the helper registers its machine key with it and reports progress; the browser checks the key's
 * fingerprint and finalizes. See {@link net.flydex.server.localconnect.LocalConnects}.
 */
package net.flydex.server.localconnect;
