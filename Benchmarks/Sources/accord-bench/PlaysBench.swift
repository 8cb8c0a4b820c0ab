import AccordApp
import AccordCore
import AccordServer
import AccordStore
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging

/// Plays and health on a large installation: the dashboard's demo company (10,000 accounts, the
/// log filled to 10 million events, the same file with --keep), then every health score and every
/// play evaluated in process against the dashboard's cold computation, and /today over HTTP.
struct PlaysBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plays", abstract: "Every health score and play evaluation against the dashboard's cold computation; /today's p95.")

    @Option(help: "Accounts in the demo company.") var accounts = 10_000
    @Option(help: "Events in the log after filling.") var events = 10_000_000
    @Option(help: "Timed /today requests.") var requests = 100
    @Option(help: "Keep the filled database in this folder and reuse it on the next run (shared with the dashboard benchmark).") var keep: String?

    func run() async throws {
        let path =
            keep.map { folder in
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                return (folder as NSString).appendingPathComponent("accord.db")
            } ?? IngestBench.scratch("plays")
        let store = try SQLiteStore(path: path)
        let asOf = Day.today
        if try await store.statistics().rows("accounts") == 0 {
            try await DashboardBench.parse(["--accounts", "\(accounts)", "--events", "\(events)"]).fill(store, path: path, asOf: asOf)
        }
        let spec = SpecTemplate.defaultSpec
        let plays = PlayDesk(spec: spec, store: store)
        if try await store.playsEvaluatedOn() == nil {
            print("Working a year of the template's three plays…")
            try await plays.seedDemoHistory(asOf: asOf)
        }
        var cold: [Double] = []
        var health: [Double] = []
        var evaluation: [Double] = []
        var scored = 0
        var fired = 0
        for _ in 0..<3 {
            var t = ContinuousClock.now
            _ = try await DashboardDesk(spec: spec, store: store).dashboard(asOf: asOf, now: .now)
            cold.append(DashboardBench.ms(since: t))
            t = ContinuousClock.now
            let facts = try await HealthDesk(spec: spec, store: store).facts()
            scored = facts.map { HealthScore.measure($0, config: spec.health, asOf: asOf) }.count
            health.append(DashboardBench.ms(since: t))
            t = ContinuousClock.now
            let plan = PlayPlanner.plan(
                try await plays.plays(), accounts: try await plays.accounts(asOf: asOf), spec: spec, asOf: asOf, since: asOf.adding(days: -1),
                state: try await store.playState(), now: .now)
            fired = plan.runs.count
            evaluation.append(DashboardBench.ms(since: t))
        }
        let owner = try await store.tasks(TaskQuery(statuses: [.open], limit: 5000)).first?.owner ?? "elena.rossi"
        let token = "acc_bench_\(UInt64.random(in: 0...UInt64.max))"
        let role = spec.person(owner)?.role ?? .csManager
        try await store.saveToken(
            APIToken(id: "tok_\(token)", hash: Tokens.hash(token), role: role, personID: owner, label: "bench", createdAt: .now, createdBy: "bench"),
            audit: AuditEntry(at: .now, actor: "bench", origin: "local", action: "token.created", target: "token:tok_\(token)"))
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let ready = AsyncStream<Int>.makeStream()
        var configuration = ServerConfiguration(port: 0, spec: spec, store: store, today: { asOf }, logger: logger)
        configuration.spec.playbooks = []  // measured above; the server's hourly run would only add noise
        let app = buildApplication(configuration) { _, port in ready.continuation.yield(port) }
        let serverTask = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { if keep == nil { try? FileManager.default.removeItem(at: IngestBench.folder("plays")) } }
        var ports = ready.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the server did not start") }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var today: [Double] = []
        for index in 0...requests {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/today")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let t = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(120))
            _ = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok else { throw ValidationError("/today answered \(response.status)") }
            if index > 0 { today.append(DashboardBench.ms(since: t)) }
        }
        try await client.shutdown()
        serverTask.cancel()
        let rows = try await store.statistics().rows("events")
        func line(_ label: String, _ values: [Double]) {
            print(
                "  \(label): p50 \(Format.oneDecimal(DashboardBench.quantile(values, 0.5))) ms, max \(Format.oneDecimal(values.max() ?? 0)) ms")
        }
        print("")
        print(
            "Health and plays, \(Format.count(accounts)) accounts, \(Format.count(rows)) events, SQLite (WAL), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        line("the dashboard's cold computation (3 runs)", cold)
        line("every health score, \(Format.count(scored)) clients, facts read from the store (3 runs)", health)
        line("every play evaluated, \(Format.count(fired)) runs it would start, nothing written (3 runs)", evaluation)
        print(
            "  GET /today for \(owner) over HTTP (\(requests) requests): p50 \(Format.oneDecimal(DashboardBench.quantile(today, 0.5))) ms, p95 \(Format.oneDecimal(DashboardBench.quantile(today, 0.95))) ms"
        )
    }
}
