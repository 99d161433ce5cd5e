/**
 * The web app: plain ES modules and CSS from the classpath ({@code /web}), no build step. The
 * page shell answers every app route (the client routes itself), assets revalidate by ETag, and
 * every answer carries a strict Content-Security-Policy (scripts and styles only from this origin,
 * no inline code) so an injected string cannot run.
 */
package net.flydex.server.web;
