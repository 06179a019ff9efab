package dev.hac.fuzz;

import com.pholser.junit.quickcheck.From;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/** Target {@code replication}: damaged, forged, reordered and replayed messages into the decoder and apply path. */
@RunWith(JQF.class)
public class ReplicationFuzz {

    @Fuzz
    public void damagedSessions(@From(ReplicationCaseGenerator.class) final ReplicationCase session) {
        ReplicationOracle.check(session);
    }
}
