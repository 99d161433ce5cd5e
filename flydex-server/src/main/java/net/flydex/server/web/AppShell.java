package net.flydex.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.flydex.protocol.WireJson;

/**
 * What the service worker keeps for offline use: every file of the web app (except the worker
 * itself) under the address it is served at, and a version derived from their contents. The
 * server prefixes the worker's script with both, so any change to any file of the app changes the
 * worker's bytes: the browser installs the new worker, which fills a new cache and drops the old
 * one. Nothing else ever enters that cache (no API answer, no relay data, nothing of a thread).
 */
final class AppShell {
    static final String WORKER = "sw.js";
    /** The page shell answers at the root; everything else at its own path. */
    private static final String PAGE = "index.html";

    private final List<String> urls;
    private final String version;

    private AppShell(List<String> urls, String version) {
        this.urls = urls;
        this.version = version;
    }

    static AppShell of(WebAssets assets) {
        List<String> files = webFiles().stream().filter(p -> !p.equals(WORKER) && assets.find(p).isPresent()).sorted().toList();
        MessageDigest digest = sha256();
        files.forEach(p -> digest.update((p + ' ' + assets.find(p).orElseThrow().etag() + '\n').getBytes(StandardCharsets.UTF_8)));
        String version = HexFormat.of().formatHex(digest.digest(), 0, 8);
        return new AppShell(files.stream().map(p -> p.equals(PAGE) ? "/" : "/" + p).toList(), version);
    }

    List<String> urls() {
        return urls;
    }

    String version() {
        return version;
    }

    /** The worker's script: the shell's version and files as a constant, then the worker's own code. */
    byte[] workerScript(WebAsset worker) {
        String header = "// Written by the server (AppShell): the app's version and the files kept for offline use.\nconst SHELL = "
                + WireJson.mapper().writeValueAsString(Map.of("version", version, "files", urls)) + ";\n";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] script = new byte[head.length + worker.bytes().length];
        System.arraycopy(head, 0, script, 0, head.length);
        System.arraycopy(worker.bytes(), 0, script, head.length, worker.bytes().length);
        return script;
    }

    /** Paths under the classpath's {@code /web}, relative to it, from the jar or from a build's classes folder. */
    private static List<String> webFiles() {
        try {
            URI page = AppShell.class.getResource("/web/" + PAGE).toURI();
            if (!"jar".equals(page.getScheme())) {
                return walk(Path.of(page).getParent());
            }
            FileSystem jar;
            try {
                jar = FileSystems.newFileSystem(page, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(page);
            }
            return walk(jar.getPath("/web"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the web app's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the classpath gave an invalid URI", e);
        }
    }

    private static List<String> walk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
