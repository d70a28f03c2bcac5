package io.hearthnet.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller's side of a streamed reply. Iterating yields every frame up to and including the
 * closing {@code done} frame; a closing {@code error} frame is thrown as a
 * {@link HearthNetException} instead. Closing the stream before its end cancels the call.
 * Use it in try-with-resources.
 */
public interface FrameStream extends Iterable<Frame>, AutoCloseable {
    /** Cancels the call if it has not ended; idempotent. */
    @Override
    void close();

    /** Reads the whole stream into a list (the closing {@code done} frame included). */
    default List<Frame> readAll() {
        List<Frame> frames = new ArrayList<>();
        try (this) {
            forEach(frames::add);
        }
        return frames;
    }
}
