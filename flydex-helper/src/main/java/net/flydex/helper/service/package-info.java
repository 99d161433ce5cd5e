/**
 * Starting the helper at login: the installed app (jar, and runtime when bundled), its command
 * line, and the systemd user unit, launchd agent or Windows scheduled task that runs it.
 */
package net.flydex.helper.service;
