package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.testing.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleDependencyTest {
    @Test
    void depends_only_on_the_api_in_main_scope() throws Exception {
        assertThat(ModuleRules.mainScopeHearthNetDependencies()).containsExactly("hearthnet-api");
    }
}
