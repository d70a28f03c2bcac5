package io.hearthnet.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.util.concurrent.Callable;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions about {@link HearthNetException}s. Shared with every module's tests. */
public final class Expect {
    private Expect() {}

    /** Asserts that {@code call} throws a {@link HearthNetException} with {@code code}; returns it. */
    public static HearthNetException fails(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = assertThatThrownBy(call).isInstanceOf(HearthNetException.class).actual();
        HearthNetException e = (HearthNetException) thrown;
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        return e;
    }

    /** As {@link #fails(ErrorCode, ThrowingCallable)}, and the message contains {@code messagePart}. */
    public static HearthNetException fails(ErrorCode code, String messagePart, ThrowingCallable call) {
        HearthNetException e = fails(code, call);
        assertThat(e.getMessage()).contains(messagePart);
        return e;
    }

    /**
     * Runs {@code call}: its result if it returns, empty if it throws a {@link HearthNetException}
     * (with a message); any other throwable fails the test.
     */
    public static <T> Optional<T> resultOrHearthNetFailure(Callable<T> call) {
        try {
            return Optional.ofNullable(call.call());
        } catch (HearthNetException e) {
            assertThat(e.getMessage()).as("message of %s", e.code()).isNotBlank();
            return Optional.empty();
        } catch (Exception | Error e) {
            throw new AssertionError("expected a result or a HearthNetException, got " + e, e);
        }
    }
}
