package dev.hac.replication;

import dev.hac.fencing.FileWitness;
import dev.hac.host.VmSpecs;
import dev.hac.wire.SharedKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A primary in its own OS process for the integration tests (the CLI lives in
 * another module): {@code PrimaryMain host:port keyHex epochMs buffering(true|false) witnessFile vmSpec...}.
 * Prints READY, then runs until killed.
 */
public final class PrimaryMain {
    private PrimaryMain() {
    }

    public static void main(final String[] args) throws Exception {
        final String[] hp = args[0].split(":");
        final SharedKey key = new SharedKey(HexFormat.of().parseHex(args[1]));
        final LiveOptions options = LiveOptions.defaults().withEpochInterval(Duration.ofMillis(Integer.parseInt(args[2])))
                .withBulkFramesPerSecond(0).withOutputBuffering(Boolean.parseBoolean(args[3]));
        final Fencing fencing = Fencing.with(new FileWitness(Path.of(args[4])), options.failureTimeout());
        final PrimaryNode node = new PrimaryNode(VmSpecs.parse(Arrays.asList(args).subList(5, args.length)),
                new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), key, options, fencing, "127.0.0.1", null, System.out);
        node.start(10_000);
        System.out.println("READY");
        System.out.flush();
        while (true) {
            Thread.sleep(200);
            System.out.println("status: " + node.status().line());
            System.out.flush();
        }
    }
}
