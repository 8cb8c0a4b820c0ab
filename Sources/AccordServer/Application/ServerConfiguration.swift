import AccordApp
public import AccordCore
public import AccordStore
import Foundation
public import Logging

/// Everything a running Accord server needs, assembled by the CLI or a test.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var spec: Spec
    public var store: any Store
    /// Where the spec came from, shown to people ("accord.yaml" or "built-in full template").
    public var specOrigin: String
    /// Today's date; injectable so tests and the demo see a fixed calendar.
    public var today: @Sendable () -> Day
    /// The current instant, stamped on every ingested message as its receivedAt.
    public var now: @Sendable () -> Instant
    public var logger: Logger
    public var limits: Limits
    /// Marks the session cookie Secure: set when people reach Accord over HTTPS (behind a TLS proxy).
    public var secureCookies: Bool
    /// How often the background service looks for handoffs past their SLA.
    public var slaCheckInterval: Duration = .seconds(60)
    /// Outcome crossings move with usage weeks, not minutes: they are looked for hourly.
    public var outcomeInterval: Duration = .seconds(3600)
    /// Names this server among replicas sharing one database, in the background jobs it runs.
    public var replicaID = ServerConfiguration.defaultReplicaID()
    /// Webhooks: how often pending deliveries are sent, the first retry's wait (doubling after), and the attempts before giving up.
    public var webhookInterval: Duration = .seconds(2)
    public var webhookRetryBase: Duration = .seconds(30)
    public var webhookMaxAttempts = 8
    public var webhookTimeout: Duration = .seconds(10)
    /// The dashboard is computed once and served until the data changes: a figure may lag a
    /// committed write by at most `dashboardMaxLag`, and a write by another process by `dashboardMaxAge`.
    /// How often the sync scheduler looks for a source whose tap is due.
    public var syncCheckInterval: Duration = .seconds(30)
    /// Where the spec's relative tap, config and catalog paths are read from, and the
    /// environment its `${NAME}`s are filled from.
    public var syncFolder = FileManager.default.currentDirectoryPath
    public var syncEnvironment = ProcessInfo.processInfo.environment
    public var dashboardMaxLag: Duration = .seconds(10)
    public var dashboardMaxAge: Duration = .seconds(60)

    /// Request rates and session length; the defaults suit one company's people and integrations.
    public struct Limits: Sendable {
        /// Per API token, person or anonymous address.
        public var requestsPerSecond: Double = 20
        public var burst: Double = 200
        /// Per source write key; Segment clients send one batch per request.
        public var ingestionBatchesPerSecond: Double = 2_000
        public var ingestionBurst: Double = 4_000
        /// Sign-in attempts per email and per address: a burst, then one every 30 seconds.
        public var signInAttempts: Double = 10
        public var sessionHours: Double = 12
        /// Waiting for a request head (from the connection's start or the last answer) before the
        /// connection is closed: keep-alive connections and slowly trickled headers both end here.
        public var idleTimeout: Duration = .seconds(30)
        /// From a request head to the end of its body; a stalled or trickled body is cut off.
        public var bodyTimeout: Duration = .seconds(30)
        /// Open connections at once; past it new ones wait in the listen queue.
        public var maximumConnections = 1_024

        public init() {}
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, spec: Spec, store: any Store, specOrigin: String = "accord.yaml",
        today: @escaping @Sendable () -> Day = { Day.today }, now: @escaping @Sendable () -> Instant = { Instant.now },
        logger: Logger = Logger(label: "accord"), limits: Limits = Limits(), secureCookies: Bool = false
    ) {
        self.limits = limits
        self.secureCookies = secureCookies
        self.host = host
        self.port = port
        self.spec = spec
        self.store = store
        self.specOrigin = specOrigin
        self.today = today
        self.now = now
        self.logger = logger
    }
}

extension ServerConfiguration {
    /// Host, process and a random part: unique among replicas, and readable in `background_jobs`.
    public static func defaultReplicaID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }
}

extension DashboardSnapshots {
    public init(_ configuration: ServerConfiguration, desk: DashboardDesk? = nil) {
        self.init(
            reading: desk ?? DashboardDesk(spec: configuration.spec, store: configuration.store),
            maxLag: configuration.dashboardMaxLag, maxAge: configuration.dashboardMaxAge)
    }
}
