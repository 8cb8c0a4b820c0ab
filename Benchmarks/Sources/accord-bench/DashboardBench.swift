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

    func run() async throws {
        let spec = SpecTemplate.defaultSpec
        let path = IngestBench.scratch("dashboard")
        let store = try SQLiteStore(path: path)
        let asOf = Day.today
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
        print("  filled in \(Format.duration(seconds: (ContinuousClock.now - fillStart).seconds)); database \(Format.count(Int(Self.fileSize(path) / 1_048_576))) MB")
        let rows = try await store.statistics().rows("events")

        let reading = DashboardReading(spec: spec, store: store)
        let before = Self.memory()
        var compute: [Double] = []
        for _ in 0..<requests {
            let t = ContinuousClock.now
            _ = try await reading.dashboard(asOf: asOf, now: .now)
            compute.append((ContinuousClock.now - t).seconds * 1000)
        }
        let after = Self.memory()

        let token = "acc_bench_viewer"
        try await store.saveToken(
            APIToken(id: "tok_bench", hash: Tokens.hash(token), role: .viewer, personID: nil, label: "bench", createdAt: .now, createdBy: "bench"),
            audit: AuditEntry(at: .now, actor: "bench", origin: "local", action: "token.created", target: "token:tok_bench"))
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let ready = AsyncStream<Int>.makeStream()
        let app = buildApplication(ServerConfiguration(port: 0, spec: spec, store: store, today: { asOf }, logger: logger)) { _, port in ready.continuation.yield(port) }
        let serverTask = Task { try await app.runService(gracefulShutdownSignals: []) }
        var ports = ready.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the server did not start") }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        func timed(_ path: String) async throws -> [Double] {
            var times: [Double] = []
            for _ in 0..<requests {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let t = ContinuousClock.now
                let response = try await client.execute(request, timeout: .seconds(120))
                _ = try await response.body.collect(upTo: 64 << 20)
                guard response.status == .ok else { throw ValidationError("\(path) answered \(response.status)") }
                times.append((ContinuousClock.now - t).seconds * 1000)
            }
            return times
        }
        let api = try await timed("/api/v1/dashboard"), page = try await timed("/dashboard")
        try await client.shutdown()
        serverTask.cancel()

        func line(_ label: String, _ values: [Double]) {
            let s = values.sorted()
            func p(_ q: Double) -> Double { s[min(s.count - 1, Int((Double(s.count) * q).rounded(.up)) - 1)] }
            print("  \(label): p50 \(Format.oneDecimal(p(0.5))) ms, p95 \(Format.oneDecimal(p(0.95))) ms, max \(Format.oneDecimal(s.last ?? 0)) ms")
        }
        print("")
        print("Shared dashboard, \(Format.count(accounts)) accounts, \(Format.count(rows)) events, SQLite (WAL), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(requests) requests each")
        line("metrics computed in process (server time)", compute)
        line("GET /api/v1/dashboard over HTTP", api)
        line("GET /dashboard (page) over HTTP", page)
        print("  memory: resident \(Format.count(before.rss / 1024)) MB before the timed runs, \(Format.count(after.rss / 1024)) MB after; peak \(Format.count(after.peak / 1024)) MB")
        try? FileManager.default.removeItem(at: IngestBench.folder("dashboard"))
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    /// Resident and peak resident memory of this process, in KB (Linux /proc).
    static func memory() -> (rss: Int, peak: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func value(_ key: String) -> Int {
            text.split(separator: "\n").first { $0.hasPrefix(key) }.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }
}
