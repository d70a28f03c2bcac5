package io.hearthnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.testing.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleDependencyTest {
    @Test
    void the_api_depends_on_no_other_hearthnet_module() throws Exception {
        assertThat(ModuleRules.mainScopeHearthNetDependencies()).isEmpty();
    }
}
