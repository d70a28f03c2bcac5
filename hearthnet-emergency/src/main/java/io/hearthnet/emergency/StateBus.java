package io.hearthnet.emergency;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local state bus of emergency mode: the current {@link EmergencyState} and subscribers that
 * hear every change of mode. In-process only; the state is never sent on the wire (other nodes do
 * their own detection).
 */
public final class StateBus {
    private static final Logger LOG = LoggerFactory.getLogger(StateBus.class);

    private final List<Consumer<EmergencyState>> listeners = new CopyOnWriteArrayList<>();
    private volatile EmergencyState current;

    StateBus(EmergencyState initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The latest state, updated after every probe round. */
    public EmergencyState current() {
        return current;
    }

    /**
     * Calls {@code listener} with the new state whenever the mode changes, on the thread that
     * changed it, after the mode's effects on the node. Returns a handle that unsubscribes when run.
     */
    public Runnable subscribe(Consumer<EmergencyState> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Makes {@code state} current; subscribers hear of it when its mode differs from the last one. */
    void publish(EmergencyState state) {
        EmergencyState before = current;
        current = Objects.requireNonNull(state, "state");
        if (before.mode() == state.mode()) {
            return;
        }
        for (Consumer<EmergencyState> listener : listeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                LOG.warn("an emergency state subscriber failed on {}", state.mode().wireName(), e);
            }
        }
    }
}
