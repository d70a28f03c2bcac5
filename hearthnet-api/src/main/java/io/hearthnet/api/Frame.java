package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One frame of a streamed reply: an event name, its JSON data and its position in the stream.
 * Every stream ends with exactly one {@code done} or {@code error} frame.
 *
 * @param event the event name
 * @param data  the frame's data
 * @param seq   0-based position in the stream
 */
public record Frame(String event, ObjectNode data, long seq) {
    /** The event that ends a successful stream. */
    public static final String DONE = "done";
    /** The event that ends a failed stream; its data is an error body. */
    public static final String ERROR = "error";

    /** Checks the event name: non-empty, no line breaks (it travels as one SSE line). */
    public Frame {
        Objects.requireNonNull(data, "data");
        if (event == null || event.isEmpty() || event.length() > 64 || event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "frame event must be 1 to 64 characters without line breaks, got " + event);
        }
        if (seq < 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "frame seq must not be negative, got " + seq);
        }
    }

    /** Whether this frame ends the stream successfully. */
    public boolean isDone() {
        return DONE.equals(event);
    }

    /** Whether this frame ends the stream with an error. */
    public boolean isError() {
        return ERROR.equals(event);
    }

    /** Whether this is the stream's last frame. */
    public boolean isTerminal() {
        return isDone() || isError();
    }

    /** The error this frame carries; only for {@link #isError()} frames. */
    public HearthNetException toException() {
        if (!isError()) {
            throw new IllegalStateException("not an error frame: " + event);
        }
        return HearthNetException.fromJson(data);
    }
}
