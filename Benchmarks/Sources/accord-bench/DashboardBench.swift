import AccordApp
import AccordCore
import AccordServer
import AccordStore
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The shared dashboard on a large installation: the demo company at 10,000 accounts, its log
/// filled up to 10 million events, then the dashboard computed in process (server time) and
/// fetched over HTTP as JSON and as the page.
struct DashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Dashboard metrics and page on 10,000 accounts and 10 million events.")

    @Option(help: "Accounts in the demo company.") var accounts = 10_000
    @Option(help: "Events in the log after filling.") var events = 10_000_000
    @Option(help: "Timed requests of each kind.") var requests = 40
    @Option(help: "Keep the filled database in this folder and reuse it on the next run.") var keep: String?

    func run() async throws {
        let path =
            keep.map { folder in
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                return (folder as NSString).appendingPathComponent("accord.db")
            } ?? IngestBench.scratch("dashboard")
        let reuse = keep != nil && FileManager.default.fileExists(atPath: path)
        let store = try SQLiteStore(path: path)
        let asOf = Day.today
        if !reuse { try await fill(store, path: path, asOf: asOf) }
        try await measure(store, asOf: asOf)
        if keep == nil { try? FileManager.default.removeItem(at: IngestBench.folder("dashboard")) }
    }

    func fill(_ store: SQLiteStore, path: String, asOf: Day) async throws {
        let spec = SpecTemplate.defaultSpec
        print("Generating the demo company with \(Format.count(accounts)) accounts…")
        let data = DemoCompany.generate(DemoConfig(accounts: accounts, seed: 42, asOf: asOf, spec: spec))
        try await store.replaceAll(with: data) { _, _ in }
        let clients = data.accounts.map(\.id)
        var stored = data.events.count
        print("Filling the log from \(Format.count(stored)) to \(Format.count(events)) events…")
        let fillStart = ContinuousClock.now
        let start = asOf.adding(days: -730)
        var next = 0
        while stored < events {
            var batches: [IngestBatch] = []
            for _ in 0..<50 where stored < events {
                let size = min(1000, events - stored)
                let entries = (0..<size).map { i -> IngestBatch.Entry in
                    let n = next + i
                    let at = Instant(milliseconds: Int64(start.adding(days: n % 730).number) * 86_400_000 + Int64(n % 86_400) * 1000)
                    let event = Event(
                        messageID: "fill-\(n)", name: "feature_used", accountID: clients[n % clients.count], source: "product", timestamp: at,
                        receivedAt: Instant(milliseconds: at.milliseconds + 1500), properties: ["feature": "reports"], planStatus: .planned)
                    return IngestBatch.Entry(item: .accept(event), propertiesText: #"{"feature":"reports"}"#, contextText: nil)
                }
                batches.append(IngestBatch(entries: entries, defaultSegment: "mid_market"))
                next += size
                stored += size
            }
            _ = try await store.ingest(batches)
            if (stored / 50_000) % 20 == 0 { print("  \(Format.count(stored)) of \(Format.count(events)) (\(stored * 100 / events)%)") }
        }
        print(
            "  filled in \(Format.duration(seconds: (ContinuousClock.now - fillStart).seconds)); database \(Format.count(Int(Self.fileSize(path) / 1_048_576))) MB"
        )
    }

    func measure(_ store: SQLiteStore, asOf: Day) async throws {
        let spec = SpecTemplate.defaultSpec
        let rows = try await store.statistics().rows("events")

        let reading = DashboardDesk(spec: spec, store: store)
        let economics = Dashboard.Economics(grossMargin: spec.dashboard.grossMargin, acquisitionCostCents: spec.dashboard.acquisitionCostCents)
        var factsTimes: [Double] = []
        var metricTimes: [Double] = []
        var slaTimes: [Double] = []
        var outcomeTimes: [Double] = []
        var cold: [Double] = []
        for _ in 0..<5 {
            let begin = ContinuousClock.now
            _ = try await reading.dashboard(asOf: asOf, now: .now)
            cold.append(Self.ms(since: begin))
            var t = ContinuousClock.now
            let facts = try await reading.facts(asOf: asOf)
            factsTimes.append(Self.ms(since: t))
            t = ContinuousClock.now
            _ = Dashboard.compute(facts, spec: spec, economics: economics, now: .now)
            metricTimes.append(Self.ms(since: t))
            t = ContinuousClock.now
            _ = try await HandoffReportDesk(spec: spec, store: store).sla(from: asOf.adding(days: -89), to: asOf)
            slaTimes.append(Self.ms(since: t))
            t = ContinuousClock.now
            _ = try await HandoffReportDesk(spec: spec, store: store).portfolio(asOf: asOf)
            outcomeTimes.append(Self.ms(since: t))
        }
        let before = Self.memory()
        let snapshots = DashboardSnapshots(reading: reading)
        var served: [Double] = []
        for _ in 0...requests {
            let t = ContinuousClock.now
            _ = try await snapshots.dashboard(asOf: asOf, now: { .now })
            served.append(Self.ms(since: t))
        }
        served.removeFirst()  // the first computes the snapshot: that is the cold figure above

        let token = "acc_bench_\(UInt64.random(in: 0...UInt64.max))"
        try await store.saveToken(
            APIToken(id: "tok_\(token)", hash: Tokens.hash(token), role: .viewer, personID: nil, label: "bench", createdAt: .now, createdBy: "bench"),
            audit: AuditEntry(at: .now, actor: "bench", origin: "local", action: "token.created", target: "token:tok_\(token)"))
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let ready = AsyncStream<Int>.makeStream()
        let app = buildApplication(ServerConfiguration(port: 0, spec: spec, store: store, today: { asOf }, logger: logger)) { _, port in
            ready.continuation.yield(port)
        }
        let serverTask = Task { try await app.runService(gracefulShutdownSignals: []) }
        var ports = ready.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the server did not start") }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        func get(_ path: String) async throws -> Double {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let t = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(120))
            _ = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok else { throw ValidationError("\(path) answered \(response.status)") }
            return Self.ms(since: t)
        }
        let first = try await get("/api/v1/dashboard")
        var api: [Double] = []
        var page: [Double] = []
        for _ in 0..<requests { api.append(try await get("/api/v1/dashboard")) }
        for _ in 0..<requests { page.append(try await get("/dashboard")) }

        // New events arrive while people look: the snapshot is recomputed in the background
        // and requests keep being served from the last one.
        let ingesting = Task {
            var n = 0
            while !Task.isCancelled {
                let entries = (0..<100).map { i -> IngestBatch.Entry in
                    let event = Event(
                        messageID: "live-\(token)-\(n + i)", name: "feature_used", accountID: "acc_\((n + i) % 1000)", source: "product", timestamp: .now,
                        receivedAt: .now, properties: ["feature": "reports"], planStatus: .planned)
                    return IngestBatch.Entry(item: .accept(event), propertiesText: #"{"feature":"reports"}"#, contextText: nil)
                }
                n += 100
                _ = try await store.ingest([IngestBatch(entries: entries, defaultSegment: "mid_market")])
                try? await Task.sleep(for: .milliseconds(100))
            }
            return n
        }
        var live: [Double] = []
        let liveStart = ContinuousClock.now
        while ContinuousClock.now - liveStart < .seconds(30) {
            live.append(try await get("/api/v1/dashboard"))
            try await Task.sleep(for: .milliseconds(250))
        }
        ingesting.cancel()
        let ingested: Int
        do { ingested = try await ingesting.value } catch { throw ValidationError("ingesting during the run failed: \(error)") }
        let after = Self.memory()
        try await client.shutdown()
        serverTask.cancel()

        func line(_ label: String, _ values: [Double]) {
            print(
                "  \(label): p50 \(Format.oneDecimal(Self.quantile(values, 0.5))) ms, p95 \(Format.oneDecimal(Self.quantile(values, 0.95))) ms, max \(Format.oneDecimal(values.max() ?? 0)) ms"
            )
        }
        print("")
        print(
            "Shared dashboard, \(Format.count(accounts)) accounts, \(Format.count(rows)) events, SQLite (WAL), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        line("computing it from the store (cold, 5 runs)", cold)
        print(
            "    parts, p50: facts from the store \(Format.oneDecimal(Self.quantile(factsTimes, 0.5))) ms, metrics \(Format.oneDecimal(Self.quantile(metricTimes, 0.5))) ms, handoff SLA \(Format.oneDecimal(Self.quantile(slaTimes, 0.5))) ms, outcome attainment \(Format.oneDecimal(Self.quantile(outcomeTimes, 0.5))) ms"
        )
        print(
            "  served in process from the snapshot (server time, \(requests) requests): p50 \(Self.micro(Self.quantile(served, 0.5))), p95 \(Self.micro(Self.quantile(served, 0.95)))"
        )
        print("  GET /api/v1/dashboard over HTTP: first request after start (computes) \(Format.oneDecimal(first)) ms")
        line("GET /api/v1/dashboard over HTTP (\(requests) requests)", api)
        line("GET /dashboard (page) over HTTP (\(requests) requests)", page)
        line("GET /api/v1/dashboard every 250 ms for 30 s while \(Format.count(ingested)) events arrive (\(live.count) requests)", live)
        print(
            "  memory: resident \(Format.count(before.rss / 1024)) MB before serving, \(Format.count(after.rss / 1024)) MB after; peak \(Format.count(after.peak / 1024)) MB"
        )
    }

    static func micro(_ milliseconds: Double) -> String { "\(Format.count(Int((milliseconds * 1000).rounded()))) µs" }

    static func ms(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).seconds * 1000 }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let s = values.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, max(0, Int((Double(s.count) * q).rounded(.up)) - 1))]
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    /// Resident and peak resident memory of this process, in KB (Linux /proc).
    static func memory() -> (rss: Int, peak: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func value(_ key: String) -> Int {
            text.split(separator: "\n").first { $0.hasPrefix(key) }.flatMap {
                Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
            } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }
}
