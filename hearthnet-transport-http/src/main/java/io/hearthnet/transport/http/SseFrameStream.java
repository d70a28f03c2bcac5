package io.hearthnet.transport.http;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameIterator;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The caller's side of an SSE reply: frames are parsed from the socket as the iterator asks for
 * them (nothing is buffered ahead beyond the socket, so a slow reader slows the producer), and
 * closing the stream closes the connection, which the server notices as a cancellation.
 */
final class SseFrameStream implements FrameStream {
    private final InputStream body;
    private final BufferedReader reader;
    private boolean iterated;
    private volatile boolean closed;

    SseFrameStream(InputStream body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
    }

    @Override
    public synchronized Iterator<Frame> iterator() {
        if (iterated) {
            throw new IllegalStateException("a frame stream can be iterated once");
        }
        iterated = true;
        return new FrameIterator() {
            @Override
            protected Frame readFrame() {
                if (closed) {
                    return null;
                }
                Frame frame = read();
                if (frame == null && !closed) {
                    close();
                    throw new HearthNetException(ErrorCode.PARTITION, "the stream ended without a done or error frame");
                }
                return frame;
            }

            @Override
            protected void onClosingFrame() {
                close();
            }
        };
    }

    /** Reads one event; null at end of stream. */
    private Frame read() {
        String event = null;
        long seq = 0;
        StringBuilder data = null;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (event != null && data != null) {
                        return new Frame(event, Json.requireObject(Json.parse(data.toString()), "frame data"), seq);
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> seq = parseSeq(value);
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
            return null;
        } catch (IOException e) {
            if (closed) {
                return null;
            }
            throw new HearthNetException(ErrorCode.PARTITION, "the stream broke: " + e.getMessage(), e);
        }
    }

    private static long parseSeq(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "bad SSE id '" + value + "'");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // Closing a half-read HTTP body only releases the connection; nothing to report.
        }
    }
}
