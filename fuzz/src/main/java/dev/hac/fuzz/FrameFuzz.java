package dev.hac.fuzz;

import com.pholser.junit.quickcheck.From;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/** Target {@code frame}: raw bytes into the engine's submit path and classifier, judged by {@link FrameOracle}. */
@RunWith(JQF.class)
public class FrameFuzz {

    @Fuzz
    public void submitRawBytes(@From(FrameCaseGenerator.class) final FrameCase frame) {
        FrameOracle.check(frame);
    }
}
