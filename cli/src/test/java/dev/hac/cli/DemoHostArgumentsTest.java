package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.replication.Demo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The demo describes hosts as records; the command lines the CLI makes of them must parse as the hosts' commands. */
class DemoHostArgumentsTest {

    private static ParseResult parse(final Demo.Host host) {
        return new CommandLine(Hac.class).parseArgs(DemoCommand.arguments(host).toArray(String[]::new));
    }

    private static String value(final ParseResult r, final String option) {
        return r.subcommand().matchedOption(option).stringValues().get(0);
    }

    @Test
    void aFencedPrimaryWithCaptureAndEventLogParsesWithEveryField() {
        final ParseResult r = parse(new Demo.PrimaryHost(new InetSocketAddress("127.0.0.1", 4000),
                new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", Path.of("k.key"), 500, 25, List.of("c1:kv:5000", "p1:bulk:5001:plain"), 200, 60_000, "127.0.0.3:4100",
                false, Path.of("log.ndjson"), Path.of("wire.pcapng")));
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("primary");
        assertThat(value(r, "--secondary")).isEqualTo("127.0.0.1:4000");
        assertThat(value(r, "--listen")).as("joiners reach it there").isEqualTo("127.0.0.1:0");
        assertThat(value(r, "--witness")).isEqualTo("127.0.0.3:4100");
        assertThat(r.subcommand().matchedOption("--vm").stringValues()).containsExactly("c1:kv:5000", "p1:bulk:5001:plain");
        assertThat(value(r, "--event-log")).isEqualTo("log.ndjson");
        assertThat(value(r, "--pcap")).isEqualTo("wire.pcapng");
        assertThat(r.subcommand().hasMatchedOption("--unsafe")).isFalse();
        assertThat(r.subcommand().hasMatchedOption("--machine")).isTrue();
    }

    @Test
    void anUnfencedSecondaryAsksForNoFencingAndNoCapture() {
        final ParseResult r = parse(new Demo.SecondaryHost(new InetSocketAddress("127.0.0.2", 0), "127.0.0.2",
                Path.of("k.key"), 500, null, null, null, null, List.of()));
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("secondary");
        assertThat(value(r, "--listen")).isEqualTo("127.0.0.2:0");
        assertThat(r.subcommand().hasMatchedOption("--no-fencing")).isTrue();
        assertThat(r.subcommand().hasMatchedOption("--witness")).isFalse();
        assertThat(r.subcommand().hasMatchedOption("--pcap")).isFalse();
        assertThat(r.subcommand().hasMatchedOption("--event-log")).isFalse();
        assertThat(r.subcommand().hasMatchedOption("--join")).as("the first secondary waits for the primary").isFalse();
        assertThat(r.subcommand().hasMatchedOption("--vm")).isFalse();
    }

    @Test
    void aRestartedHostJoinsTheWinnerStatingTheVmSetItExpectsAndKeepsItsOwnAddresses() {
        final ParseResult r = parse(new Demo.SecondaryHost(new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
                Path.of("k.key"), 500, "127.0.0.3:4100", Path.of("wire-joiner-2.pcapng"), Path.of("log-joiner-2.ndjson"),
                new InetSocketAddress("127.0.0.2", 4200), List.of("c1:kv:5000:ckpt:64", "p1:bulk:5001:plain")));
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("secondary");
        assertThat(value(r, "--join")).isEqualTo("127.0.0.2:4200");
        assertThat(value(r, "--listen")).as("so that it can take over in turn").isEqualTo("127.0.0.1:0");
        assertThat(value(r, "--bind")).isEqualTo("127.0.0.1");
        assertThat(r.subcommand().matchedOption("--vm").stringValues()).containsExactly("c1:kv:5000:ckpt:64",
                "p1:bulk:5001:plain");
        assertThat(value(r, "--witness")).isEqualTo("127.0.0.3:4100");
        assertThat(value(r, "--event-log")).as("its log continues after it takes over").isEqualTo("log-joiner-2.ndjson");
    }

    @Test
    void theWitnessKeepsItsRegisterWhereTheDemoSays() {
        final ParseResult r = parse(new Demo.WitnessHost(new InetSocketAddress("127.0.0.3", 0), Path.of("k.key"),
                Path.of("witness.gen")));
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("witness");
        assertThat(value(r, "--state")).isEqualTo("witness.gen");
        assertThat(value(r, "--listen")).isEqualTo("127.0.0.3:0");
    }
}
