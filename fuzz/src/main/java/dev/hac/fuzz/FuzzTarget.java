package dev.hac.fuzz;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The fuzz targets {@code hac fuzz} knows: each a JQF {@code @Fuzz} driver method, and how a committed seed file
 * becomes an input stream for that driver's generator.
 */
public enum FuzzTarget {
    NIC("nic", NicFuzz.class, "operationSequences",
            "NIC engine vs NicModel: generated operation sequences, invariants after every step"),
    FRAME("frame", FrameFuzz.class, "submitRawBytes",
            "raw bytes into submit/classifier: verdict = reference parser, refusals change nothing"),
    REPLICATION("replication", ReplicationFuzz.class, "damagedSessions",
            "damaged/forged/reordered replication messages into the decoder and the replica apply path"),
    ITF("itf", ItfFuzz.class, "readTraces",
            "malformed ITF JSON into the ITF reader: a located error or a trace that round-trips"),
    LOG("log", LogFuzz.class, "readEventLogs",
            "malformed NDJSON event logs into the conformance log reader: file and line named, never a crash");

    private final String id;
    private final Class<?> driver;
    private final String method;
    private final String description;

    FuzzTarget(final String id, final Class<?> driver, final String method, final String description) {
        this.id = id;
        this.driver = driver;
        this.method = method;
        this.description = description;
    }

    /** The name on the command line. */
    public String id() {
        return id;
    }

    public Class<?> driver() {
        return driver;
    }

    public String method() {
        return method;
    }

    public String description() {
        return description;
    }

    /** The target called {@code name}, or null. */
    public static FuzzTarget named(final String name) {
        for (final FuzzTarget t : values()) {
            if (t.id.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /**
     * The generator input a seed file stands for: {@code .hex} files are hex digits (whitespace and {@code #}
     * comments ignored) of the exact input; {@code .json}/{@code .ndjson} files are documents for the text
     * generators' raw mode; anything else (e.g. a Zest corpus or failure file) is the input itself.
     *
     * @throws IllegalArgumentException naming the file when a {@code .hex} file holds something else
     */
    public static byte[] seedStream(final String fileName, final byte[] content) {
        if (fileName.endsWith(".hex")) {
            final StringBuilder digits = new StringBuilder();
            final String[] lines = new String(content, java.nio.charset.StandardCharsets.US_ASCII).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                final String line = lines[i].replaceAll("#.*", "").replaceAll("\\s", "");
                if (!line.matches("[0-9a-fA-F]*")) {
                    throw new IllegalArgumentException(fileName + ", line " + (i + 1) + ": not hex digits: " + lines[i]);
                }
                digits.append(line);
            }
            if (digits.length() % 2 != 0) {
                throw new IllegalArgumentException(fileName + ": odd number of hex digits");
            }
            return HexFormat.of().parseHex(digits);
        }
        if (fileName.endsWith(".json") || fileName.endsWith(".ndjson")) {
            return TextDocumentGenerator.seedStream(content);
        }
        return content;
    }
}
