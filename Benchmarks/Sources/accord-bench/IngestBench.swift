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

/// End-to-end ingestion over real HTTP on loopback against the in-process ceiling: the same rows
/// written straight through the store. Both runs start from an empty SQLite file, or with
/// `--postgres URL` from an emptied PostgreSQL database.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Segment batches over HTTP on loopback vs the store's own ceiling.")

    @Option(help: "Events in each run.") var events = 500_000
    @Option(help: "Events per batch (Segment's SDKs send up to 100).") var batchSize = 100
    @Option(help: "Concurrent HTTP connections (senders).") var connections = 64
    @Option(help: "Batches per store transaction in the ceiling run.") var ceilingGroup = 50
    @Flag(help: "Skip the ceiling run (to profile the HTTP path alone).") var skipCeiling = false
    @Option(help: "Run on this PostgreSQL database instead of SQLite; its client data is deleted first.") var postgres: String?

    /// An empty store for one run.
    func emptyStore(_ name: String) async throws -> SQLStore {
        guard let postgres else { return try SQLiteStore(path: Self.scratch(name)) }
        let store = try await PostgresStore(url: postgres, maximumConnections: 16)
        try await store.replaceAll(with: Dataset()) { _, _ in }
        return store
    }

    var databaseName: String { postgres == nil ? "SQLite (WAL)" : "PostgreSQL (\((try? PostgresLocation(postgres!).description) ?? "server"))" }

    func run() async throws {
        let spec = SpecTemplate.defaultSpec
        let batches = events / batchSize
        print("Preparing \(Format.count(batches)) batches of \(batchSize) events…")
        let bodies = (0..<batches).map { Self.body(batch: $0, size: batchSize) }
        let bytes = bodies.reduce(0) { $0 + $1.readableBytes }
        print("  \(Format.count(bytes / batches)) bytes per batch on average (uncompressed JSON)")

        let ceilingRate = skipCeiling ? Double.nan : try await ceiling(bodies, spec: spec)
        // The ceiling's file is gone before the HTTP run starts, so the kernel is not still
        // writing its pages back while the second run is measured.
        try? FileManager.default.removeItem(at: Self.folder("ceiling"))
        sync()

        // End to end: the real server, a real HTTP client, one batch per request.
        let store = try await emptyStore("http")
        let key = WriteKeys.generate()
        try await store.saveSourceKey(
            SourceKey(source: "product", system: "product_analytics", keyHash: WriteKeys.hash(key), hint: "", createdAt: .now),
            audit: AuditEntry(at: .now, actor: "bench", origin: "local", action: "source.created", target: "source:product"))
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let ready = AsyncStream<Int>.makeStream()
        let app = buildApplication(ServerConfiguration(port: 0, spec: spec, store: store, logger: logger)) { _, port in
            ready.continuation.yield(port)
        }
        let serverTask = Task { try await app.runService(gracefulShutdownSignals: []) }
        var ports = ready.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the server did not start") }

        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
        let authorization = "Basic " + Data("\(key):".utf8).base64EncodedString()
        let url = "http://127.0.0.1:\(port)/v1/batch"
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var measured: [Double] = []
                    var next = worker
                    while next < bodies.count {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: authorization)
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(bodies[next])
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(60))
                        let answer = try await response.body.collect(upTo: 1024)
                        guard response.status == .ok else {
                            throw ValidationError("batch \(next) answered \(response.status): \(String(buffer: answer))")
                        }
                        measured.append((ContinuousClock.now - sent).seconds * 1000)
                        next += connections
                    }
                    return measured
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let httpSeconds = (ContinuousClock.now - start).seconds
        try await client.shutdown()
        serverTask.cancel()
        let stored = try await store.statistics().rows("events")
        guard stored == batches * batchSize else { throw ValidationError("stored \(stored) events, expected \(batches * batchSize)") }
        let httpRate = Double(stored) / httpSeconds
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }

        print("")
        print(
            "Ingestion, \(Format.count(batches * batchSize)) events in batches of \(batchSize), \(databaseName), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        if !skipCeiling {
            print("  in-process ceiling (store only, \(ceilingGroup) batches per transaction): \(Format.count(Int(ceilingRate))) events/s")
        }
        print("  end to end over HTTP (\(connections) connections, one batch per request):  \(Format.count(Int(httpRate))) events/s")
        print(
            "  per batch: p50 \(Format.oneDecimal(percentile(0.5))) ms, p99 \(Format.oneDecimal(percentile(0.99))) ms, max \(Format.oneDecimal(latencies.last ?? 0)) ms"
        )
        if !skipCeiling { print("  end to end / ceiling: \(Format.oneDecimal(httpRate / ceilingRate * 100))%") }
        print("  every event stored exactly once: \(Format.count(stored)) rows")
        try? FileManager.default.removeItem(at: Self.folder("http"))
    }

    /// The ceiling: parse and classify outside the clock, then time only the store writes.
    func ceiling(_ bodies: [ByteBuffer], spec: Spec) async throws -> Double {
        let ceilingStore = try await emptyStore("ceiling")
        let plan = TrackingPlan(spec.taxonomy)
        let received = Instant.now
        let prepared: [IngestBatch] = try bodies.map { body in
            let value = try JSONParser.parse(body.readableBytesView)
            let messages = try SegmentEnvelope.messages(in: value, call: nil, source: "product", receivedAt: received)
            return IngestBatch(entries: messages.map { .init(item: plan.classify($0)) }, defaultSegment: "mid_market")
        }
        let ceilingStart = ContinuousClock.now
        var index = 0
        while index < prepared.count {
            let group = Array(prepared[index..<min(index + ceilingGroup, prepared.count)])
            _ = try await ceilingStore.ingest(group)
            index += ceilingGroup
        }
        let ceilingSeconds = (ContinuousClock.now - ceilingStart).seconds
        return Double(bodies.count * batchSize) / ceilingSeconds
    }

    static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    static func scratch(_ name: String) -> String {
        let folder = folder(name)
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("accord.db").path
    }

    /// A batch shaped like what analytics SDKs send: context with library and IP, timestamps, a messageId.
    static func body(batch: Int, size: Int) -> ByteBuffer {
        var items: [String] = []
        items.reserveCapacity(size)
        for i in 0..<size {
            let user = (batch * 7 + i) % 5000
            items.append(
                #"{"type":"track","event":"first_value_achieved","userId":"user-\#(user)","messageId":"bench-\#(batch)-\#(i)","timestamp":"2026-11-22T10:00:00.000Z","properties":{"milestone":"first report shared","duration_ms":\#(1000 + i)},"context":{"library":{"name":"analytics-python","version":"2.4.0"},"ip":"10.0.\#(i % 250).\#(batch % 250)"}}"#
            )
        }
        return ByteBuffer(string: #"{"batch":[\#(items.joined(separator: ","))],"sentAt":"2026-11-22T10:00:01.000Z"}"#)
    }
}
