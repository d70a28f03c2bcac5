package io.hearthnet.services.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameSink;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.ServiceHealth;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.services.eventlog.EventLog;
import io.hearthnet.services.eventlog.LogSync;
import io.hearthnet.services.eventlog.OpenMembership;
import io.hearthnet.services.support.Durations;
import io.hearthnet.services.support.Inputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Content-addressed files: {@code file.put}, {@code file.read} (streaming), {@code file.list} and
 * {@code file.advertise} (all {@code @1.0}). Chunks live in {@code <service dir>/chunks/}, blob
 * manifests and the record of who holds what in {@code <service dir>/files.db}; advertisements
 * are signed events replicated through {@code file.log.head/pull/announce@1.0}.
 *
 * <p>To move a blob, a node that holds it calls {@code file.put} with the manifest on another node,
 * which fetches the chunks it lacks from the caller with {@code file.read}, checks each chunk's
 * BLAKE3 as it arrives and the whole blob's BLAKE3 at the end, and refuses any chunk that does not
 * match. Storing is deduplicated by chunk.
 */
public final class FilesService implements Service {
    /** The service's name, also its folder under the data dir. */
    public static final String NAME = "files";
    /** The version of the capabilities. */
    public static final Version VERSION = Version.of(1, 0);
    /** Most files one list returns. */
    public static final int MAX_LIST = 500;

    private static final Pattern HASH = Pattern.compile(FilesSchemas.HASH);

    private final TrustPolicy configuredMembership;
    private final Duration syncInterval;
    private final Duration transferTimeout;
    private volatile Running running;

    private record Running(ServiceContext context, EventLog log, ChunkStore chunks, LogSync sync) {}

    private FilesService(Builder b) {
        this.configuredMembership = b.membership;
        this.syncInterval = b.syncInterval;
        this.transferTimeout = b.transferTimeout;
    }

    /** A files service with the defaults: open membership, 30 s sync pass, 2 min per transfer. */
    public FilesService() {
        this(builder());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Version version() {
        return VERSION;
    }

    @Override
    public synchronized void start(ServiceContext context) {
        if (running != null) {
            return;
        }
        ChunkStore chunks = new ChunkStore(context.dataDir().resolve("chunks"));
        chunks.open();
        TrustPolicy membership = configuredMembership != null ? configuredMembership : new OpenMembership(context.communityId());
        EventLog log = EventLog.builder(context.dataDir().resolve("files.db"), context.keys(), context.communityId())
                .clock(context.clock()).projection(new FilesProjection()).open();
        LogSync sync = null;
        try {
            sync = LogSync.builder(log, context, "file").membership(membership).interval(syncInterval).build();
            sync.start();
            running = new Running(context, log, chunks, sync);
        } catch (RuntimeException e) {
            if (sync != null) {
                sync.close();
            }
            log.close();
            throw e;
        }
    }

    @Override
    public List<Capability> capabilities() {
        List<Capability> caps = new ArrayList<>();
        caps.add(Capability.of(descriptor("file.put", "Stores a chunk, or takes a blob offered by its manifest"
                        + " (fetching only the chunks it lacks).", FilesSchemas.PUT_REQUEST).responseSchema(FilesSchemas.PUT_RESPONSE)
                .idempotent(true).timeout(transferTimeout).build(), CapabilityHandler.unary(this::put)));
        caps.add(Capability.of(descriptor("file.read", "Streams one chunk, or a blob's manifest and chunks.",
                FilesSchemas.READ_REQUEST).streamSchema(FilesSchemas.READ_FRAME).idempotent(true).build(), this::read));
        caps.add(Capability.of(descriptor("file.list", "Blobs held here or advertised by others, by name prefix.",
                FilesSchemas.LIST_REQUEST).responseSchema(FilesSchemas.LIST_RESPONSE).idempotent(true).build(),
                CapabilityHandler.unary(this::list)));
        caps.add(Capability.of(descriptor("file.advertise", "Records that the caller holds these blobs.",
                FilesSchemas.ADVERTISE_REQUEST).responseSchema(FilesSchemas.ADVERTISE_RESPONSE).idempotent(true).build(),
                CapabilityHandler.unary(this::advertise)));
        caps.addAll(state().sync().capabilities());
        return caps;
    }

    @Override
    public synchronized void stop() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.sync().close();
        r.log().close();
    }

    @Override
    public ServiceHealth health() {
        Running r = running;
        if (r == null) {
            return ServiceHealth.down("not running");
        }
        String failure = r.log().lastFailure();
        return failure == null ? ServiceHealth.UP : ServiceHealth.down("last write failed: " + failure);
    }

    /** The service's event log (for tests in this package). */
    EventLog log() {
        return state().log();
    }

    /** Where chunk {@code cid} is kept (for tests in this package). */
    java.nio.file.Path chunkPath(String cid) {
        return state().chunks().path(cid);
    }

    // ---------------------------------------------------------------- file.put

    private ObjectNode put(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        if (in.has("chunk")) {
            Inputs.onlyFields(in, Set.of("chunk", "cid"));
            byte[] data = decodeChunk(Inputs.text(in, "chunk", 0, FilesSchemas.MAX_CHUNK_BASE64), "chunk");
            String cid = Inputs.optionalMatching(in, "cid", HASH, "blake3:<64 lowercase hex>").orElse(Blake3.hash(data));
            boolean stored = r.chunks().put(data, cid, call.caller().shortForm());
            ObjectNode out = Json.object();
            out.put("cid", cid);
            out.put("stored", stored ? 1 : 0);
            out.put("already", stored ? 0 : 1);
            out.put("complete", false);
            return out;
        }
        if (!in.has("manifest")) {
            throw Inputs.bad("file.put needs either 'chunk' or 'manifest'");
        }
        Inputs.onlyFields(in, Set.of("manifest", "from"));
        BlobManifest manifest = BlobManifest.fromJson(Inputs.object(in, "manifest"));
        Optional<NodeId> from = Inputs.optionalNodeId(in, "from");
        return takeBlob(r, manifest, from.orElse(call.caller()));
    }

    private ObjectNode takeBlob(Running r, BlobManifest manifest, NodeId source) {
        NodeId self = r.context().nodeId();
        Set<String> distinct = new LinkedHashSet<>(manifest.chunks());
        List<String> missing = distinct.stream().filter(cid -> !r.chunks().has(cid)).toList();
        int already = distinct.size() - missing.size();
        boolean known = r.log().read("finding a blob", c -> FilesProjection.blob(c, manifest.blobId())).isPresent();
        if (known && missing.isEmpty()) {
            return putReply(manifest.blobId(), 0, already, true, List.of());
        }
        int fetched = 0;
        if (!missing.isEmpty()) {
            if (source.equals(self)) {
                return putReply(manifest.blobId(), 0, already, false, missing);
            }
            fetched = fetch(r, manifest, missing, source);
        }
        verifyWhole(r, manifest);
        long now = r.context().clock().millis();
        ObjectNode data = Json.object();
        data.put("holder", self.value());
        data.putArray("blobs").add(new Holding(manifest.blobId(), manifest.name(), manifest.size()).toJson());
        r.log().append(FilesProjection.ADVERTISED, data, (c, e) -> FilesProjection.keep(c, manifest, now));
        return putReply(manifest.blobId(), fetched, already, true, List.of());
    }

    /** Streams the missing chunks from {@code source}, checking each against its id; returns how many were written. */
    private int fetch(Running r, BlobManifest manifest, List<String> missing, NodeId source) {
        ObjectNode request = Json.object();
        request.put("blob_id", manifest.blobId());
        ArrayNode wanted = request.putArray("cids");
        missing.forEach(wanted::add);
        Set<String> outstanding = new LinkedHashSet<>(missing);
        int written = 0;
        try (FrameStream stream = r.context().caller().stream("file.read", VERSION, request,
                CallOptions.builder().targetNode(source).timeout(transferTimeout).build())) {
            for (Frame f : stream) {
                if (f.isDone()) {
                    break;
                }
                if (f.event().equals("manifest")) {
                    BlobManifest theirs = BlobManifest.fromJson(f.data().get("manifest"));
                    if (!theirs.blobId().equals(manifest.blobId()) || !theirs.chunks().equals(manifest.chunks())) {
                        throw Inputs.bad(source.shortForm() + " streamed another manifest than the one offered");
                    }
                    continue;
                }
                String cid = f.data().path("cid").asText("");
                if (!outstanding.remove(cid)) {
                    throw Inputs.bad(source.shortForm() + " sent chunk " + cid + ", which was not asked for");
                }
                if (r.chunks().put(decodeChunk(f.data().path("data").asText(""), "chunk data"), cid, source.shortForm())) {
                    written++;
                }
            }
        }
        if (!outstanding.isEmpty()) {
            throw new HearthNetException(ErrorCode.PARTITION, source.shortForm() + " ended the transfer with "
                    + outstanding.size() + " chunks of " + manifest.blobId() + " still missing");
        }
        return written;
    }

    /** Reads the blob back chunk by chunk (each checked) and checks the whole against its id. */
    private static void verifyWhole(Running r, BlobManifest manifest) {
        WholeHash whole = new WholeHash();
        for (int i = 0; i < manifest.chunks().size(); i++) {
            byte[] chunk = r.chunks().read(manifest.chunks().get(i));
            if (chunk.length != manifest.chunkLength(i)) {
                throw Inputs.bad("chunk " + i + " of " + manifest.blobId() + " is " + chunk.length + " bytes, the manifest says "
                        + manifest.chunkLength(i));
            }
            whole.update(chunk);
        }
        String actual = whole.finish();
        if (!actual.equals(manifest.blobId())) {
            throw Inputs.bad("the chunks of " + manifest.blobId() + " make a blob that hashes to " + actual + "; refused");
        }
    }

    private static ObjectNode putReply(String blobId, int stored, int already, boolean complete, List<String> missing) {
        ObjectNode out = Json.object();
        out.put("blob_id", blobId);
        out.put("stored", stored);
        out.put("already", already);
        out.put("complete", complete);
        ArrayNode m = out.putArray("missing");
        missing.forEach(m::add);
        return out;
    }

    // ---------------------------------------------------------------- file.read

    private Reply read(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        if (in.has("cid")) {
            Inputs.onlyFields(in, Set.of("cid"));
            String cid = Inputs.matching(in, "cid", HASH, "blake3:<64 lowercase hex>");
            if (!r.chunks().has(cid)) {
                throw new HearthNetException(ErrorCode.NOT_FOUND, "no chunk " + cid + " here");
            }
            return Reply.stream(sink -> emitChunk(r, sink, cid, 0));
        }
        Inputs.onlyFields(in, Set.of("blob_id", "cids"));
        String blobId = Inputs.matching(in, "blob_id", HASH, "blake3:<64 lowercase hex>");
        List<String> only = Inputs.strings(in, "cids", FilesSchemas.MAX_CHUNKS, HASH, "blake3:<64 lowercase hex>");
        BlobManifest manifest = r.log().read("finding a blob", c -> FilesProjection.blob(c, blobId))
                .orElseThrow(() -> new HearthNetException(ErrorCode.NOT_FOUND, "no blob " + blobId + " here"));
        for (String cid : only) {
            if (!manifest.chunks().contains(cid)) {
                throw Inputs.bad("chunk " + cid + " is not part of " + blobId);
            }
        }
        Set<String> wanted = only.isEmpty() ? Set.copyOf(manifest.chunks()) : Set.copyOf(only);
        return Reply.stream(sink -> {
            ObjectNode m = Json.object();
            m.set("manifest", manifest.toJson());
            sink.emit("manifest", m);
            Set<String> sent = new java.util.HashSet<>();
            for (int i = 0; i < manifest.chunks().size(); i++) {
                String cid = manifest.chunks().get(i);
                if (wanted.contains(cid) && (only.isEmpty() || sent.add(cid))) {
                    emitChunk(r, sink, cid, i);
                }
            }
        });
    }

    private static void emitChunk(Running r, FrameSink sink, String cid, int index) {
        ObjectNode frame = Json.object();
        frame.put("cid", cid);
        frame.put("index", index);
        frame.put("data", Base64.getEncoder().encodeToString(r.chunks().read(cid)));
        sink.emit("chunk", frame);
    }

    // ---------------------------------------------------------------- file.list, file.advertise

    private ObjectNode list(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        Inputs.onlyFields(in, Set.of("prefix", "limit"));
        String prefix = Inputs.optionalText(in, "prefix", 0, 255).orElse("");
        int limit = (int) Inputs.integer(in, "limit", 1, MAX_LIST, 100);
        List<FilesProjection.Listed> files = r.log().read("listing files", c -> FilesProjection.list(c, prefix, limit));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("files");
        for (FilesProjection.Listed f : files) {
            ObjectNode o = items.addObject();
            o.put("blob_id", f.blobId());
            o.put("name", f.name());
            o.put("size", f.size());
            o.put("local", f.local());
            ArrayNode h = o.putArray("holders");
            f.holders().forEach(n -> h.add(n.value()));
        }
        return out;
    }

    private ObjectNode advertise(Call call) {
        Running r = state();
        Inputs.onlyFields(call.input(), Set.of("blobs"));
        List<Holding> holdings = Holding.readAll(call.input(), "blobs");
        ObjectNode data = Json.object();
        data.put("holder", call.caller().value());
        ArrayNode blobs = data.putArray("blobs");
        holdings.forEach(h -> blobs.add(h.toJson()));
        r.log().append(FilesProjection.ADVERTISED, data);
        ObjectNode out = Json.object();
        out.put("recorded", holdings.size());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] decodeChunk(String base64, String field) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw Inputs.bad("'" + field + "' is not base64: " + e.getMessage());
        }
        if (data.length == 0) {
            throw Inputs.bad("'" + field + "' is empty; a chunk has at least one byte");
        }
        if (data.length > BlobManifest.CHUNK_SIZE) {
            throw Inputs.bad("a chunk is at most " + BlobManifest.CHUNK_SIZE + " bytes, got " + data.length);
        }
        return data;
    }

    private Running state() {
        Running r = running;
        if (r == null) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the files service is not running");
        }
        return r;
    }

    private static CapabilityDescriptor.Builder descriptor(String name, String description, JsonNode request) {
        return CapabilityDescriptor.builder(name, VERSION).description(description).requestSchema(request);
    }

    /** Configures a {@link FilesService}. */
    public static final class Builder {
        private TrustPolicy membership;
        private Duration syncInterval = Duration.ofSeconds(30);
        private Duration transferTimeout = Duration.ofMinutes(2);

        private Builder() {}

        /** Whose advertisements are stored; default {@link OpenMembership} of the node's community. */
        public Builder membership(TrustPolicy membership) {
            this.membership = Objects.requireNonNull(membership, "membership");
            return this;
        }

        /** How often every peer's advertisements are pulled on top of appearances and announcements; default 30 s. */
        public Builder syncInterval(Duration interval) {
            this.syncInterval = Durations.positive(interval, "sync interval");
            return this;
        }

        /**
         * The longest one blob transfer may take; default 2 minutes. It is also {@code file.put}'s
         * default deadline, which the manifest tells callers on other nodes.
         */
        public Builder transferTimeout(Duration timeout) {
            this.transferTimeout = Durations.positive(timeout, "transfer timeout");
            return this;
        }

        /** The service. */
        public FilesService build() {
            return new FilesService(this);
        }
    }
}
