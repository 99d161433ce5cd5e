package net.flydex.server.web;

/** One file of the web app, read once: its bytes, media type and strong validator. */
record WebAsset(byte[] bytes, String contentType, String etag) {}
