package dev.hac.fuzz;

import com.pholser.junit.quickcheck.From;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/** Target {@code log}: malformed and near-valid NDJSON event logs into the conformance suite's log reader. */
@RunWith(JQF.class)
public class LogFuzz {

    @Fuzz
    public void readEventLogs(@From(LogDocumentGenerator.class) final TextDocument log) {
        LogOracle.check(log);
    }
}
