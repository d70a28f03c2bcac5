package io.hearthnet.services.market;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.ServiceHealth;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.EventLog;
import io.hearthnet.services.eventlog.LogSync;
import io.hearthnet.services.eventlog.OpenMembership;
import io.hearthnet.services.eventlog.Ulid;
import io.hearthnet.services.support.Durations;
import io.hearthnet.services.support.Inputs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace: {@code market.post}, {@code market.list}, {@code market.expire} and
 * {@code market.search} (all {@code @1.0}), persisted as signed events in
 * {@code <service dir>/market.db} and replicated to every connected node through
 * {@code market.log.head/pull/announce@1.0}.
 *
 * <p>Posting is idempotent by the poster's {@code client_id}; lifetimes default to 7 days and may
 * not exceed 30; only the poster or a trusted member may expire a post; posts past their lifetime
 * are never listed and are swept from the tables every minute (their events stay in the log).
 */
public final class MarketService implements Service {
    /** The service's name, also its folder under the data dir. */
    public static final String NAME = "market";
    /** The version of the four capabilities. */
    public static final Version VERSION = Version.of(1, 0);
    /** Most posts one list returns. */
    public static final int MAX_LIST = 500;
    /** Most posts one search returns. */
    public static final int MAX_SEARCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(MarketService.class);
    private static final int SEARCH_CANDIDATES = 5_000;
    private static final Pattern SLUG = Pattern.compile(MarketSchemas.SLUG);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final TrustPolicy configuredMembership;
    private final Duration syncInterval;
    private final Duration busyTimeout;
    private final Object postLock = new Object();
    private volatile Running running;

    /** Everything that exists while the service runs. */
    private record Running(ServiceContext context, EventLog log, LogSync sync, ExpiryRule rule, ScheduledFuture<?> sweeper) {}

    private MarketService(Builder b) {
        this.configuredMembership = b.membership;
        this.syncInterval = b.syncInterval;
        this.busyTimeout = b.busyTimeout;
    }

    /** A marketplace with the defaults: open membership, 30 s sync pass, 5 s lock wait. */
    public MarketService() {
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
        TrustPolicy membership = configuredMembership != null ? configuredMembership : new OpenMembership(context.communityId());
        ExpiryRule rule = new ExpiryRule(membership, context.communityId());
        EventLog log = EventLog.builder(context.dataDir().resolve("market.db"), context.keys(), context.communityId())
                .clock(context.clock()).projection(new MarketProjection(rule)).busyTimeout(busyTimeout).open();
        LogSync sync = null;
        try {
            sweep(log, context.clock().instant());
            sync = LogSync.builder(log, context, NAME).membership(membership).interval(syncInterval).build();
            sync.start();
            ScheduledFuture<?> sweeper = context.scheduler().scheduleWithFixedDelay(this::sweepQuietly,
                    SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            running = new Running(context, log, sync, rule, sweeper);
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
        caps.add(Capability.of(descriptor("market.post", "Posts an offer or request to the community; idempotent by client_id.",
                MarketSchemas.POST_REQUEST, MarketSchemas.POST_RESPONSE, false), CapabilityHandler.unary(this::post)));
        caps.add(Capability.of(descriptor("market.list", "Lists live posts, filtered by category, tags and Lamport time.",
                MarketSchemas.LIST_REQUEST, MarketSchemas.LIST_RESPONSE, true), CapabilityHandler.unary(this::list)));
        caps.add(Capability.of(descriptor("market.expire", "Ends a post; only its poster or a trusted member may.",
                MarketSchemas.EXPIRE_REQUEST, MarketSchemas.EXPIRE_RESPONSE, false), CapabilityHandler.unary(this::expire)));
        caps.add(Capability.of(descriptor("market.search", "Live posts ranked by relevance to a text query.",
                MarketSchemas.SEARCH_REQUEST, MarketSchemas.SEARCH_RESPONSE, true), CapabilityHandler.unary(this::search)));
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
        r.sweeper().cancel(false);
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

    /** Removes posts whose lifetime has ended from the tables; returns how many. */
    int sweep() {
        Running r = state();
        return sweep(r.log(), r.context().clock().instant());
    }

    /** How many posts the tables hold, live or not yet swept. */
    int storedPosts() {
        return state().log().read("counting posts", MarketProjection::stored);
    }

    /** The service's event log (for tests in this package). */
    EventLog log() {
        return state().log();
    }

    private static int sweep(EventLog log, Instant now) {
        int swept = log.write("sweeping expired posts", c -> MarketProjection.sweep(c, now));
        if (swept > 0) {
            LOG.debug("swept {} expired posts", swept);
        }
        return swept;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (HearthNetException e) {
            LOG.warn("the periodic sweep failed ({}); it runs again in {}", e.getMessage(), SWEEP_EVERY);
        }
    }

    private ObjectNode post(Call call) {
        Running r = state();
        PostRequest request = PostRequest.fromInput(call.input());
        NodeId poster = call.caller();
        synchronized (postLock) {
            Optional<Ulid> used = r.log().read("looking up a client id",
                    c -> MarketProjection.keyed(c, r.context().nodeId(), poster, request.clientId()));
            if (used.isPresent()) {
                Event first = r.log().get(used.get()).orElseThrow(() -> new HearthNetException(ErrorCode.INTERNAL_ERROR,
                        "post " + used.get() + " is keyed but missing from the log"));
                if (!PostRequest.fromEventData(first.data()).equals(request)) {
                    throw Inputs.bad("client_id '" + request.clientId() + "' was already used for a different post ("
                            + used.get() + ")");
                }
                return postReply(Post.fromEvent(first), false);
            }
            Event appended = r.log().append(MarketProjection.POST, request.toEventData(poster.value()));
            return postReply(Post.fromEvent(appended), true);
        }
    }

    private static ObjectNode postReply(Post post, boolean created) {
        ObjectNode out = Json.object();
        out.put("post_id", post.postId().value());
        out.put("lamport", post.lamport());
        out.put("created", created);
        out.put("expires_at", post.expiresAt().toString());
        return out;
    }

    private ObjectNode list(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        Inputs.onlyFields(in, Set.of("category", "tags", "since_lamport", "limit"));
        Optional<String> category = Inputs.optionalMatching(in, "category", SLUG, "a lower-case slug");
        List<String> tags = Inputs.strings(in, "tags", 16, SLUG, "a lower-case slug");
        long since = Inputs.integer(in, "since_lamport", 0, Long.MAX_VALUE, 0);
        int limit = (int) Inputs.integer(in, "limit", 1, MAX_LIST, 100);
        Instant now = r.context().clock().instant();
        List<Post> posts = r.log().read("listing posts",
                c -> MarketProjection.list(c, now, category, List.copyOf(Set.copyOf(tags)), since, limit, false));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("posts");
        posts.forEach(p -> items.add(p.toJson()));
        out.put("lamport", r.log().lamport());
        return out;
    }

    private ObjectNode expire(Call call) {
        Running r = state();
        Inputs.onlyFields(call.input(), Set.of("post_id"));
        String text = Inputs.text(call.input(), "post_id", 1, 64);
        if (!Ulid.isValid(text)) {
            throw Inputs.bad("'post_id' must be a post's ULID, got \"" + text + "\"");
        }
        Ulid postId = Ulid.parse(text);
        NodeId self = r.context().nodeId();
        NodeId caller = call.caller();
        synchronized (postLock) {
            Instant now = r.context().clock().instant();
            Optional<Post> live = r.log().read("finding a post", c -> MarketProjection.find(c, postId))
                    .filter(p -> p.expiresAt().isAfter(now));
            Post post = live.orElseGet(() -> pastPost(r, postId));
            if (!r.rule().allows(post, self, caller)) {
                throw new HearthNetException(ErrorCode.UNAUTHORIZED, caller.equals(post.postedBy())
                        ? "post " + postId + " was accepted by " + post.author().shortForm()
                          + "; expire it through that node or your own"
                        : "only the poster of " + postId + " or a trusted member may expire it");
            }
            ObjectNode out = Json.object();
            out.put("post_id", postId.value());
            out.put("expired", true);
            out.put("already", live.isEmpty());
            if (live.isPresent()) {
                ObjectNode data = Json.object();
                data.put("post_id", postId.value());
                data.put("expired_by", caller.value());
                r.log().append(MarketProjection.EXPIRE, data);
            }
            return out;
        }
    }

    /** A post that is no longer live (expired or swept), from the log; {@code not_found} if it never existed here. */
    private static Post pastPost(Running r, Ulid postId) {
        Optional<Event> event = r.log().get(postId).filter(e -> e.eventType().equals(MarketProjection.POST));
        if (event.isEmpty()) {
            throw new HearthNetException(ErrorCode.NOT_FOUND, "no post " + postId + " is known here");
        }
        try {
            return Post.fromEvent(event.get());
        } catch (HearthNetException e) {
            throw new HearthNetException(ErrorCode.NOT_FOUND, "post " + postId + " is malformed and was never listed");
        }
    }

    private ObjectNode search(Call call) {
        Running r = state();
        ObjectNode in = call.input();
        Inputs.onlyFields(in, Set.of("query", "category", "limit"));
        String query = Inputs.text(in, "query", 1, 256);
        Optional<String> category = Inputs.optionalMatching(in, "category", SLUG, "a lower-case slug");
        int limit = (int) Inputs.integer(in, "limit", 1, MAX_SEARCH, 20);
        if (LexicalRanking.words(query).isEmpty()) {
            throw Inputs.bad("'query' must contain at least one letter or digit");
        }
        Instant now = r.context().clock().instant();
        List<Post> candidates = r.log().read("searching posts",
                c -> MarketProjection.list(c, now, category, List.of(), 0, SEARCH_CANDIDATES, true));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("posts");
        for (LexicalRanking.Scored s : LexicalRanking.rank(candidates, query, limit)) {
            items.add(s.post().toJson().put("score", s.score()));
        }
        return out;
    }

    private Running state() {
        Running r = running;
        if (r == null) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the market service is not running");
        }
        return r;
    }

    private static CapabilityDescriptor descriptor(String name, String description, ObjectNode request, ObjectNode response,
                                                   boolean idempotent) {
        return CapabilityDescriptor.builder(name, VERSION)
                .description(description)
                .requestSchema(request)
                .responseSchema(response)
                .idempotent(idempotent)
                .build();
    }

    /** Configures a {@link MarketService}. */
    public static final class Builder {
        private TrustPolicy membership;
        private Duration syncInterval = Duration.ofSeconds(30);
        private Duration busyTimeout = EventLog.DEFAULT_BUSY_TIMEOUT;

        private Builder() {}

        /**
         * Who is a member (whose posts are stored) and who is trusted (may expire others' posts);
         * default {@link OpenMembership} of the node's community. Pass the policy the node uses.
         */
        public Builder membership(TrustPolicy membership) {
            this.membership = Objects.requireNonNull(membership, "membership");
            return this;
        }

        /** How often every peer's log is pulled on top of appearances and announcements; default 30 s. */
        public Builder syncInterval(Duration interval) {
            this.syncInterval = Durations.positive(interval, "sync interval");
            return this;
        }

        /** How long a write waits for a database locked by another writer; default 5 s. */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = Durations.notNegative(timeout, "busy timeout");
            return this;
        }

        /** The service. */
        public MarketService build() {
            return new MarketService(this);
        }
    }
}
