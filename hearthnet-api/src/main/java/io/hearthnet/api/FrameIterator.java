package io.hearthnet.api;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iteration rules every {@link FrameStream} follows, for transports that implement one: frames
 * are yielded up to and including the closing {@code done}; a closing {@code error} frame is thrown
 * as its {@link HearthNetException}; after the closing frame, or when the source ends, iteration
 * stops. Subclasses supply {@link #readFrame()}.
 */
public abstract class FrameIterator implements Iterator<Frame> {
    private Frame next;
    private boolean finished;

    /** Blocks for the next frame; null when the source has ended (the reader closed it, say). */
    protected abstract Frame readFrame();

    /** Called once, after the closing frame was read. */
    protected void onClosingFrame() {}

    @Override
    public final boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        Frame frame = readFrame();
        if (frame == null) {
            finished = true;
            return false;
        }
        if (frame.isTerminal()) {
            finished = true;
            onClosingFrame();
        }
        if (frame.isError()) {
            throw frame.toException();
        }
        next = frame;
        return true;
    }

    @Override
    public final Frame next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        Frame frame = next;
        next = null;
        return frame;
    }
}
