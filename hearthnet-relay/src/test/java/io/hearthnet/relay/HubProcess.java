package io.hearthnet.relay;

import java.nio.file.Path;

/**
 * A hub in its own JVM, for the SIGKILL test: {@code HubProcess <data dir> <mailbox capacity>}.
 * Prints {@code READY <url> <ms>} once it serves ({@code ms}: how long {@code start()} took), then
 * runs until killed.
 */
public final class HubProcess {
    private HubProcess() {}

    /** Starts the hub and parks the main thread. */
    public static void main(String[] args) throws InterruptedException {
        RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(Path.of(args[0]))
                .mailboxCapacity(Integer.parseInt(args[1])).build();
        long begin = System.nanoTime();
        hub.start();
        System.out.println("READY " + hub.url() + " " + (System.nanoTime() - begin) / 1_000_000);
        System.out.flush();
        Thread.currentThread().join();
    }
}
