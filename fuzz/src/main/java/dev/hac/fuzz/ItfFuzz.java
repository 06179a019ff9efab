package dev.hac.fuzz;

import com.pholser.junit.quickcheck.From;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/** Target {@code itf}: malformed and near-valid ITF JSON into the spec module's ITF reader. */
@RunWith(JQF.class)
public class ItfFuzz {

    @Fuzz
    public void readTraces(@From(ItfDocumentGenerator.class) final TextDocument trace) {
        ItfOracle.check(trace);
    }
}
