package io.hearthnet.discovery;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that run real nodes on a fresh {@link LanMesh} each, closed after every test. */
abstract class OnLanMesh {
    /** How long a first contact over UDP may take on a loaded machine. */
    static final Duration FIRST_CONTACT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    LanMesh mesh;

    @BeforeEach
    void openMesh() {
        mesh = new LanMesh(dir);
    }

    @AfterEach
    void closeMesh() {
        mesh.close();
    }
}
