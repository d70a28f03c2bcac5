package io.hearthnet.discovery;

import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;

/** Publishes connectivity on its node's state bus, as emergency mode does; keeps the node's context for tests. */
final class ConnectivitySwitch implements NodeExtension {
    private volatile NodeContext context;

    @Override
    public String name() {
        return "connectivity-switch";
    }

    @Override
    public void start(NodeContext context) {
        this.context = context;
    }

    @Override
    public void stop() {
        context = null;
    }

    NodeContext context() {
        return context;
    }

    void publish(Connectivity connectivity) {
        context.publishConnectivity(connectivity);
    }
}
