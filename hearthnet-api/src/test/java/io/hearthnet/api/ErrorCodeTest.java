package io.hearthnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract's error codes, DESIGN.md section 4. */
class ErrorCodeTest {
    @ParameterizedTest
    @CsvSource({
            "BAD_REQUEST,       bad_request,       400, false",
            "SCHEMA_MISMATCH,   schema_mismatch,   400, false",
            "INVALID_SIGNATURE, invalid_signature, 401, false",
            "UNAUTHORIZED,      unauthorized,      401, false",
            "REVOKED,           revoked,           403, false",
            "NOT_FOUND,         not_found,         404, false",
            "TIMEOUT,           timeout,           408, true",
            "EXPIRED,           expired,           410, false",
            "RATE_LIMITED,      rate_limited,      429, true",
            "CAPACITY_EXCEEDED, capacity_exceeded, 429, true",
            "INTERNAL_ERROR,    internal_error,    500, false",
            "NOT_IMPLEMENTED,   not_implemented,   501, false",
            "PARTITION,         partition,         503, true",
    })
    void wireCodesMatchTheContract(ErrorCode code, String wireName, int status, boolean retryable) {
        assertThat(code.wireName()).isEqualTo(wireName);
        assertThat(code.toString()).isEqualTo(wireName);
        assertThat(code.httpStatus()).isEqualTo(status);
        assertThat(code.retryable()).isEqualTo(retryable);
        assertThat(code.isWireCode()).isTrue();
        assertThat(ErrorCode.fromWireName(wireName)).contains(code);
    }

    @Test
    void exactlyThirteenCodesTravel() {
        Set<String> wire = Arrays.stream(ErrorCode.values()).filter(ErrorCode::isWireCode)
                .map(ErrorCode::wireName).collect(Collectors.toSet());
        assertThat(wire).containsExactlyInAnyOrder("bad_request", "schema_mismatch", "invalid_signature",
                "unauthorized", "revoked", "not_found", "timeout", "expired", "rate_limited", "capacity_exceeded",
                "internal_error", "not_implemented", "partition");
    }

    @Test
    void exactlyTheFourTransientCodesAreRetryable() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                .containsExactlyInAnyOrder(ErrorCode.TIMEOUT, ErrorCode.PARTITION, ErrorCode.CAPACITY_EXCEEDED,
                        ErrorCode.RATE_LIMITED);
    }

    @Test
    void registrationCodesDoNotTravel() {
        Map<ErrorCode, String> local = Map.of(ErrorCode.SCHEMA_INVALID, "schema_invalid",
                ErrorCode.NAMESPACE_VIOLATION, "namespace_violation");
        local.forEach((code, wire) -> {
            assertThat(code.isWireCode()).as("%s", code).isFalse();
            assertThat(code.wireName()).isEqualTo(wire);
            assertThat(code.retryable()).isFalse();
            assertThat(code.httpStatus()).isEqualTo(400);
        });
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void wireNamesAreLowerSnakeCaseOfTheConstant(ErrorCode code) {
        assertThat(code.wireName()).isEqualTo(code.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void unknownWireNamesAreEmpty() {
        assertThat(ErrorCode.fromWireName(null)).isEmpty();
        assertThat(ErrorCode.fromWireName("")).isEmpty();
        assertThat(ErrorCode.fromWireName("BAD_REQUEST")).isEmpty();
        assertThat(ErrorCode.fromWireName("bad-request")).isEmpty();
        assertThat(ErrorCode.fromWireName(" timeout")).isEmpty();
    }
}
