package io.hearthnet.api.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reference test data: the copy under {@code src/test/resources/testdata/} on the classpath, else
 * the shared folder found next to the repository.
 */
final class TestData {
    private TestData() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/testdata/" + name)) {
            if (in != null) {
                return in.readAllBytes();
            }
            Path shared = sharedFile(name).orElseThrow(() -> new IllegalStateException(
                    "test data " + name + " is neither on the classpath nor in a shared/testdata folder above "
                            + Path.of("").toAbsolutePath()));
            return Files.readAllBytes(shared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Path> sharedFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
