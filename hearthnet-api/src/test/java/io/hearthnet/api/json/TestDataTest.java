package io.hearthnet.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestDataTest {
    @ParameterizedTest
    @ValueSource(strings = {"jcs-vectors.jsonl", "blake3.txt"})
    void classpathCopyMatchesSharedReference(String name) throws IOException {
        Optional<Path> shared = TestData.sharedFile(name);
        assumeTrue(shared.isPresent(), "no shared/testdata folder above the working directory");
        assertThat(TestData.bytes(name)).isEqualTo(Files.readAllBytes(shared.get()));
    }
}
