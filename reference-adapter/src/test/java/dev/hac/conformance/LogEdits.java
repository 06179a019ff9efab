package dev.hac.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/** Edits to event logs that break a property, for validation to catch. */
final class LogEdits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogEdits() {
    }

    /**
     * Breaks output commit in the first line where a checkpointing VM's emit is buffered
     * while protected: the frame just emitted jumps the buffer into txHigh, out before its
     * checkpoint is applied. The lines after it are dropped (they describe the unedited
     * run). Returns the edited line's 1-based number, or -1 when there is no such line.
     */
    static int releaseBeforeCommit(final List<String> lines) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            final ObjectNode line = (ObjectNode) JSON.readTree(lines.get(i));
            final ObjectNode state = (ObjectNode) line.get("state");
            if (state == null || !line.get("action").asText().equals("VmEmit")
                    || !state.get("mode").asText().equals("protected")) {
                continue;
            }
            final String vm = line.get("args").get("v").asText();
            final ArrayNode buf = state.get("buf").has(vm) ? (ArrayNode) state.get("buf").get(vm) : null;
            if (buf != null && buf.size() > 0) {
                final ObjectNode frame = (ObjectNode) buf.remove(buf.size() - 1);
                ((ArrayNode) state.get("txHigh")).addObject().put("vm", vm).put("seq", frame.get("seq").asInt());
                lines.set(i, JSON.writeValueAsString(line));
                lines.subList(i + 1, lines.size()).clear();
                return i + 1;
            }
        }
        return -1;
    }
}
