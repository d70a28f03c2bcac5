package io.hearthnet.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call fails with a given code and message part. */
final class Failures {
    private Failures() {}

    static HearthNetException assertFails(ErrorCode code, String messagePart, ThrowingCallable call) {
        Throwable thrown = assertThatThrownBy(call).isInstanceOf(HearthNetException.class).actual();
        HearthNetException e = (HearthNetException) thrown;
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains(messagePart);
        return e;
    }
}
