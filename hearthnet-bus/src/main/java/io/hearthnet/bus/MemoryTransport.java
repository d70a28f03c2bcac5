package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.FramePipe;
import io.hearthnet.api.FrameSink;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.CallEnvelope;
import io.hearthnet.api.wire.InboundGate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-memory transport of {@link MemoryTransportProvider}. */
final class MemoryTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryTransport.class);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_STREAMS = 64;

    private final TransportContext context;
    private final MemoryNetwork network;
    private final String member;
    private final InboundGate gate;
    private volatile ThreadPoolExecutor streamWorkers;
    private volatile List<Endpoint> endpoints = List.of();

    MemoryTransport(TransportContext context) {
        this.context = context;
        this.network = MemoryNetwork.named(context.setting("mem.network").orElse("default"));
        this.member = context.setting("mem.name").orElse(context.keys().nodeId().value().substring("ed25519:".length()));
        this.gate = new InboundGate(context.clock(), CallEnvelope.DEFAULT_WINDOW, context.communityId());
    }

    @Override
    public String scheme() {
        return MemoryTransportProvider.SCHEME;
    }

    @Override
    public synchronized List<Endpoint> start() {
        if (!endpoints.isEmpty()) {
            return endpoints;
        }
        streamWorkers = new ThreadPoolExecutor(0, MAX_STREAMS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Workers.daemonThreads("hearthnet-mem-stream"));
        network.attach(member, this);
        endpoints = List.of(new Endpoint(URI.create("mem://" + network.name() + "/" + member)));
        return endpoints;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public ObjectNode call(Endpoint target, NodeId node, Call call) {
        byte[] request = Json.writeBytes(envelope(call).toJson());
        ObjectNode response = Json.parseObject(peer(target).serveUnary(request));
        if (response.has("error")) {
            throw HearthNetException.fromJson(response);
        }
        return Json.requireObject(response.get("result"), "result");
    }

    @Override
    public FrameStream stream(Endpoint target, NodeId node, Call call) {
        return peer(target).serveStream(Json.writeBytes(envelope(call).toJson()));
    }

    @Override
    public ObjectNode fetchManifest(Endpoint target) {
        return Json.parseObject(Json.writeBytes(peer(target).context.dispatcher().manifest()));
    }

    @Override
    public synchronized void close() {
        if (endpoints.isEmpty()) {
            return;
        }
        network.detach(member, this);
        endpoints = List.of();
        Workers.stop(streamWorkers, Duration.ofSeconds(5), "the memory transport's stream workers");
    }

    private CallEnvelope envelope(Call call) {
        return CallEnvelope.sign(context.keys(), context.communityId(), call, UUID.randomUUID().toString(), context.clock());
    }

    private MemoryTransport peer(Endpoint target) {
        URI uri = target.uri();
        String path = uri.getPath() == null ? "" : uri.getPath();
        MemoryNetwork net = MemoryNetwork.named(uri.getHost() == null ? "" : uri.getHost());
        MemoryTransport peer = path.length() > 1 ? net.member(path.substring(1)) : null;
        if (peer == null) {
            throw HearthNetException.neverDelivered(ErrorCode.PARTITION, "nothing is listening at " + target, null);
        }
        return peer;
    }

    /** Inbound checks every transport runs: parse, signature and timestamp, replay, community. */
    private Call admit(byte[] request) {
        CallEnvelope envelope = gate.check(CallEnvelope.fromJson(Json.parse(request)));
        return envelope.toCall(context.clock(), MAX_TIMEOUT);
    }

    /** Serves one unary request's bytes: the inbound checks, the dispatch, the reply or error bytes. */
    byte[] serveUnary(byte[] request) {
        try {
            Reply reply = context.dispatcher().dispatch(admit(request));
            if (!(reply instanceof Reply.Unary unary)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the capability streams; call it as a stream");
            }
            ObjectNode wrapped = Json.object();
            wrapped.set("result", unary.body());
            return Json.writeBytes(wrapped);
        } catch (HearthNetException e) {
            return Json.writeBytes(e.toJson());
        } catch (RuntimeException e) {
            LOG.error("in-memory transport failed to serve a call", e);
            return Json.writeBytes(new HearthNetException(ErrorCode.INTERNAL_ERROR, e.toString()).toJson());
        }
    }

    private FrameStream serveStream(byte[] request) {
        FramePipe pipe = new FramePipe();
        Reply reply = context.dispatcher().dispatch(admit(request));
        if (reply instanceof Reply.Unary unary) {
            pipe.complete(copy(unary.body()));
            return pipe.stream();
        }
        Reply.Stream stream = (Reply.Stream) reply;
        FrameSink serialising = new FrameSink() {
            @Override
            public void emit(String event, ObjectNode data) {
                pipe.sink().emit(event, copy(data));
            }

            @Override
            public boolean isCancelled() {
                return pipe.isCancelled();
            }
        };
        Runnable run = () -> {
            try {
                stream.producer().produce(serialising);
                pipe.complete(Json.object());
            } catch (CancellationException e) {
                LOG.debug("stream cancelled by its reader");
            } catch (HearthNetException e) {
                pipe.fail(e);
            } catch (Exception e) {
                LOG.error("stream producer failed", e);
                pipe.fail(new HearthNetException(ErrorCode.INTERNAL_ERROR, e.toString(), e));
            }
        };
        try {
            streamWorkers.execute(run);
        } catch (RejectedExecutionException e) {
            // The producer must still run once so the bus frees its slot; the failed pipe stops it at its first frame.
            pipe.fail(HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "too many streams", Duration.ofMillis(250)));
            run.run();
        }
        return pipe.stream();
    }

    private static ObjectNode copy(ObjectNode data) {
        return Json.parseObject(Json.writeBytes(data));
    }
}
