import AccordApp
import AccordCore
import AccordStore
public import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Assembles the application: one router, one controller per area.
public func buildApplication(
    _ configuration: ServerConfiguration,
    onServerRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
) -> some ApplicationProtocol {
    let queue = IngestionQueue(store: configuration.store)
    let desks = Desks(spec: configuration.spec, store: configuration.store, now: configuration.now, today: configuration.today)
    let snapshots = DashboardSnapshots(configuration, desk: desks.dashboard)
    let runner = TapRunner(desk: desks.syncs, environment: configuration.syncEnvironment, folder: configuration.syncFolder)
    let router = buildRouter(configuration, queue: queue, desks: desks, snapshots: snapshots, runner: runner)
    let limits = configuration.limits
    let logger = configuration.logger
    let http = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestBodyTimeoutHandler(timeout: .milliseconds(limits.bodyTimeout.milliseconds), logger: logger)],
        idleTimeout: .milliseconds(limits.idleTimeout.milliseconds))
    var app = Application(
        router: router,
        server: .http1(configuration: http),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Accord",
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections, logger: logger)),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            await onServerRunning(configuration.host, port)
        },
        logger: configuration.logger)
    app.addServices(IngestionService(queue: queue))
    app.addServices(
        HandoffSLAService(
            desk: desks.handoffs, reports: desks.handoffReports, jobs: configuration.store, interval: configuration.slaCheckInterval,
            logger: configuration.logger, today: configuration.today, outcomeInterval: configuration.outcomeInterval, replicaID: configuration.replicaID))
    app.addServices(
        SyncService(
            desk: desks.syncs, runner: runner, jobs: configuration.store, interval: configuration.syncCheckInterval, logger: configuration.logger,
            replicaID: configuration.replicaID))
    app.addServices(
        PlayService(
            desk: desks.plays, jobs: configuration.store, interval: configuration.outcomeInterval, logger: configuration.logger, today: configuration.today,
            now: configuration.now, replicaID: configuration.replicaID))
    app.addServices(
        RitualService(
            desk: ProgramDesk(spec: configuration.spec, store: configuration.store), jobs: configuration.store, interval: configuration.slaCheckInterval,
            logger: configuration.logger, now: configuration.now, replicaID: configuration.replicaID))
    app.addServices(
        DashboardRefreshService(
            snapshots: snapshots, interval: configuration.dashboardMaxLag / 2, today: configuration.today, now: configuration.now, logger: configuration.logger)
    )
    app.addServices(
        WebhookDeliveryService(
            store: configuration.store, now: configuration.now, interval: configuration.webhookInterval, retryBase: configuration.webhookRetryBase,
            maxAttempts: configuration.webhookMaxAttempts, timeout: configuration.webhookTimeout, logger: configuration.logger,
            allowPrivateTargets: configuration.spec.access.allowPrivateWebhooks))
    return app
}

public func buildRouter(
    _ configuration: ServerConfiguration, queue: IngestionQueue, registry: RouteRegistry = RouteRegistry(), desks: Desks? = nil,
    snapshots: DashboardSnapshots? = nil, runner: TapRunner? = nil
) -> Router<AccordRequestContext> {
    let desks = desks ?? Desks(spec: configuration.spec, store: configuration.store, now: configuration.now, today: configuration.today)
    let snapshots = snapshots ?? DashboardSnapshots(configuration, desk: desks.dashboard)
    let runner = runner ?? TapRunner(desk: desks.syncs, environment: configuration.syncEnvironment, folder: configuration.syncFolder)
    let metrics = ServerMetrics.registry
    // HEAD is answered wherever GET is, as load balancers and link checkers expect.
    let router = Router(context: AccordRequestContext.self, options: .autoGenerateHeadEndpoints)
    let store = configuration.store
    let spec = configuration.spec
    let policy = AccessPolicy(spec: spec)
    let renderer = PageRenderer(spec: spec)
    // Requests and their latency by route, method and status, for GET /metrics.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: AnswerMiddleware(registry: registry, renderer: renderer, logger: configuration.logger))
    // Ingestion authenticates write keys itself, limits each source and answers in Segment's format.
    let ingestion = GuardedRoutes(group: router.group().add(middleware: IngestionChecksMiddleware()), registry: registry, policy: policy)
    // The API and the pages: who is asking, how often, and whether the body and CSRF token are right.
    let routes = GuardedRoutes(
        group: router.group()
            .add(middleware: AuthenticationMiddleware(store: store, spec: spec, now: configuration.now, tokenUse: TokenUseRecorder()))
            .add(middleware: RateLimitMiddleware(limiter: RateLimiter(rate: configuration.limits.requestsPerSecond, burst: configuration.limits.burst)))
            .add(middleware: RequestChecksMiddleware()),
        registry: registry, policy: policy)
    HealthController(store: store).add(to: routes)
    OpenAPIController(registry: registry).add(to: routes)
    let taxonomy = LiveTaxonomy(spec: spec.taxonomy, store: store)
    IngestionController(configuration: configuration, queue: queue, keys: WriteKeys(store: store), taxonomy: taxonomy).add(to: ingestion)
    EventsController(store: store).add(to: routes)
    SpecController(spec: spec).add(to: routes)
    AccountsController(store: store, spec: spec, today: configuration.today, reports: desks.handoffReports).add(to: routes)
    PeopleController(store: store, spec: spec, policy: policy, now: configuration.now).add(to: routes)
    TokensController(store: store, spec: spec, now: configuration.now).add(to: routes)
    SourcesController(store: store, now: configuration.now).add(to: routes)
    IdentityReviewsController(store: store, spec: spec, today: configuration.today, now: configuration.now).add(to: routes)
    MergesController(store: store, desk: desks.merges, now: configuration.now).add(to: routes)
    WebhooksController(store: store, spec: spec, now: configuration.now).add(to: routes)
    OutcomeModelsController(desk: desks.outcomeModels, now: configuration.now).add(to: routes)
    ReportsController(reporting: desks.handoffReports, today: configuration.today, now: configuration.now).add(to: routes)
    HandoffsController(desk: desks.handoffs, policy: policy).add(to: routes)
    SyncController(desk: desks.syncs, runner: runner).add(to: routes)
    PrometheusController(registry: metrics).add(to: routes)
    MetricsController(snapshots: snapshots, today: configuration.today, now: configuration.now).add(to: routes)
    AuditController(store: store, renderer: renderer).add(to: routes)
    SignInController(configuration: configuration, renderer: renderer).add(to: routes)
    PagesController(configuration: configuration, renderer: renderer, reports: desks.handoffReports, health: desks.health).add(to: routes)
    AccountHealthController(desk: desks.health, store: store, today: configuration.today).add(to: routes)
    HealthPagesController(desk: desks.health, renderer: renderer, today: configuration.today).add(to: routes)
    TasksController(desk: desks.plays, now: configuration.now).add(to: routes)
    SaveCasesController(desk: desks.saves, now: configuration.now).add(to: routes)
    PlaysController(desk: desks.plays, today: configuration.today, now: configuration.now).add(to: routes)
    let playAccounts = PlayAccounts(desk: desks.plays)
    CockpitPagesController(desk: desks.plays, accounts: playAccounts, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    SaveCasePagesController(desk: desks.saves, renderer: renderer, now: configuration.now).add(to: routes)
    ConcessionReportController(desk: desks.saves, renderer: renderer, today: configuration.today).add(to: routes)
    let winBack = WinBackDesk(spec: configuration.spec, store: store)
    WinBackController(desk: winBack, renderer: renderer, today: configuration.today).add(to: routes)
    WinBackCampaignsController(desk: winBack, today: configuration.today, now: configuration.now).add(to: routes)
    WinBackCampaignPagesController(desk: winBack, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    WinBackReportController(desk: winBack, renderer: renderer, today: configuration.today).add(to: routes)
    ChurnReasonsController(desk: winBack, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    let program = ProgramDesk(spec: configuration.spec, store: store)
    ProgramController(desk: program, today: configuration.today).add(to: routes)
    ProposalsController(desk: program, taxonomy: taxonomy, policy: policy, renderer: renderer, now: configuration.now).add(to: routes)
    ProgramPagesController(desk: program, renderer: renderer, today: configuration.today).add(to: routes)
    ArtifactPagesController(desk: program, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    ReviewsController(desk: program, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    ClientReviewController(desk: program, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    RitualsController(desk: program, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    PlayPagesController(desk: desks.plays, accounts: playAccounts, renderer: renderer, policy: policy, today: configuration.today, now: configuration.now).add(
        to: routes)
    HandoffPagesController(
        desk: desks.handoffs, reporting: desks.handoffReports, nameStore: store, renderer: renderer,
        policy: policy, today: configuration.today
    ).add(to: routes)
    DashboardPagesController(snapshots: snapshots, renderer: renderer, today: configuration.today, now: configuration.now).add(to: routes)
    QualityPagesController(snapshots: snapshots, renderer: renderer, today: configuration.today, now: configuration.now, syncs: desks.syncs)
        .add(to: routes)
    OutcomePagesController(
        desk: desks.outcomeModels, reporting: desks.handoffReports, renderer: renderer,
        policy: policy, today: configuration.today, now: configuration.now
    ).add(to: routes)
    return router
}

/// Runs the server until SIGINT/SIGTERM, turning a bind failure into a sentence.
public func runServer(_ configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (String, Int) async -> Void) async throws {
    let app = buildApplication(configuration, onServerRunning: onServerRunning)
    do {
        try await app.runService()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        throw ServerError.portInUse(host: configuration.host, port: configuration.port)
    } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL || error.errnoCode == EACCES {
        throw ServerError.cannotBind(host: configuration.host, port: configuration.port, reason: error.description)
    } catch {
        if String(describing: error).contains("Address already in use") {
            throw ServerError.portInUse(host: configuration.host, port: configuration.port)
        }
        throw error
    }
}

public enum ServerError: Error, CustomStringConvertible, Equatable {
    case portInUse(host: String, port: Int)
    case cannotBind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let host, let port):
            "port \(port) on \(host) is already in use (another accord serve?); stop it or choose another with --port"
        case .cannotBind(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason); check --host and --port"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
