package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.hearthnet.api.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTest {
    @Test
    void kindsOfFrames() {
        Frame token = new Frame("token", Json.object().put("t", "hi"), 0);
        Frame done = new Frame(Frame.DONE, Json.object(), 1);
        Frame error = new Frame(Frame.ERROR, new HearthNetException(ErrorCode.TIMEOUT, "late").toJson(), 2);
        assertThat(token.isDone() || token.isError() || token.isTerminal()).isFalse();
        assertThat(done.isDone()).isTrue();
        assertThat(done.isTerminal()).isTrue();
        assertThat(done.isError()).isFalse();
        assertThat(error.isError()).isTrue();
        assertThat(error.isTerminal()).isTrue();
        assertThat(error.isDone()).isFalse();
    }

    @Test
    void anErrorFrameCarriesItsException() {
        HearthNetException sent = HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "full", Duration.ofMillis(250));
        HearthNetException e = new Frame(Frame.ERROR, sent.toJson(), 3).toException();
        assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
        assertThat(e.getMessage()).isEqualTo("full");
        assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
        assertThat(new Frame(Frame.ERROR, Json.object().put("oops", 1), 0).toException().code())
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThatIllegalStateException().isThrownBy(() -> new Frame("token", Json.object(), 0).toException())
                .withMessageContaining("not an error frame: token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\nb", "a\rb", "\n"})
    void eventNamesAreOneSseLine(String event) {
        fails(ErrorCode.BAD_REQUEST, "frame event must be 1 to 64 characters without line breaks",
                () -> new Frame(event, Json.object(), 0));
    }

    @Test
    void eventNamesAreBounded() {
        assertThat(new Frame("e".repeat(64), Json.object(), 0).event()).hasSize(64);
        fails(ErrorCode.BAD_REQUEST, "1 to 64 characters", () -> new Frame("e".repeat(65), Json.object(), 0));
        fails(ErrorCode.BAD_REQUEST, "got null", () -> new Frame(null, Json.object(), 0));
    }

    @Test
    void seqIsNotNegativeAndDataIsRequired() {
        fails(ErrorCode.BAD_REQUEST, "frame seq must not be negative, got -1", () -> new Frame("x", Json.object(), -1));
        assertThatNullPointerException().isThrownBy(() -> new Frame("x", null, 0)).withMessage("data");
    }
}
