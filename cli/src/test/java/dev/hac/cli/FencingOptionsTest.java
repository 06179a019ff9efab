package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.replication.ServicePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both hosts refuse to start without a witness unless told to run unfenced; a bad witness is named. */
class FencingOptionsTest {

    @TempDir
    Path dir;

    private String run(final int expected, final String... args) throws Exception {
        final Path key = Files.writeString(dir.resolve("k"), "00112233445566778899aabbccddeeff\n");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            final String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--key";
            all[args.length + 1] = key.toString();
            assertThat(Hac.run(all)).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAWitnessNeitherHostStarts() throws Exception {
        assertThat(run(Hac.BAD_INPUT, "primary")).contains("--witness HOST:PORT|file:PATH is required");
        assertThat(run(Hac.BAD_INPUT, "secondary")).contains("--witness HOST:PORT|file:PATH is required");
    }

    @Test
    void aWitnessThatIsNeitherAnAddressNorAFileIsNamed() throws Exception {
        assertThat(run(Hac.BAD_INPUT, "primary", "--witness", "somewhere")).contains("--witness 'somewhere'");
        assertThat(run(Hac.BAD_INPUT, "secondary", "--witness", "file:")).contains("file:PATH");
    }

    @Test
    void aListenOrJoinAddressThatIsNotHostPortIsNamed() throws Exception {
        assertThat(run(Hac.BAD_INPUT, "primary", "--witness", "file:w", "--listen", "nowhere")).contains("--listen 'nowhere'");
        assertThat(run(Hac.BAD_INPUT, "secondary", "--witness", "file:w", "--join", "a:99999")).contains("--join 'a:99999'");
    }

    @Test
    void aJoinersExpectedVmSetIsParsedAsThePrimarysAndOnlyWithJoin() throws Exception {
        assertThat(run(Hac.BAD_INPUT, "secondary", "--witness", "file:w", "--vm", "c1:kv:7501"))
                .contains("--vm states the VM set a joiner expects: it needs --join");
        assertThat(run(Hac.BAD_INPUT, "secondary", "--witness", "file:w", "--join", "127.0.0.1:7400", "--vm", "c1:kv:7501",
                "--vm", "c2:kv:port")).contains("--vm: VM spec 2 'c2:kv:port': port 'port' is not a number");
    }

    @Test
    void noFencingAndAWitnessExcludeEachOther() throws Exception {
        assertThat(run(Hac.BAD_INPUT, "primary", "--no-fencing", "--witness", "file:w")).contains("exclude each other");
    }

    @Test
    void noFencingWarnsLoudlyBeforeTheHostStarts() throws Exception {
        // Nothing listens at the secondary's address, so the primary gives up after its connect timeout.
        final String err = run(Hac.FAILED, "primary", "--no-fencing", "--secondary", "127.0.0.1:1",
                "--connect-timeout-ms", "100", "--vm", "c1:kv:" + ServicePorts.freeUdpPorts(1)[0]);
        assertThat(err).contains("WARNING: --no-fencing", "TWO LIVE COPIES");
    }
}
