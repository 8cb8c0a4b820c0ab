import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A local receiver that fails its first `failures` requests, then records what arrives.
final class Receiver: Sendable {
    let failures: Int
    let state = Mutex<(calls: Int, bodies: [String], paths: [String])>((0, [], []))

    init(failures: Int) { self.failures = failures }

    func run(_ ready: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.post("/hook/{name}") { request, context -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let name = try context.parameters.require("name")
            let fail = self.state.withLock { state -> Bool in
                state.calls += 1
                if state.calls <= self.failures { return true }
                state.bodies.append(body)
                state.paths.append(name)
                return false
            }
            return Response(status: fail ? .internalServerError : .ok)
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await ready($0.localAddress?.port ?? 0) }, logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.runService(gracefulShutdownSignals: [])
    }
}

@Suite("Webhooks")
struct WebhookTests {
    /// The receivers in these tests listen on loopback, which the spec must allow.
    static let loopbackSpec: Spec = {
        var spec = SpecTemplate.defaultSpec
        spec.access.allowPrivateWebhooks = true
        return spec
    }()

    /// A fresh SQLite file holding a 30-account demo company.
    static func demoStore(_ spec: Spec) async throws -> SQLiteStore {
        let store = try TestFolders.store()
        try await store.replaceAll(with: DemoCompany.generate(DemoConfig(accounts: 30, seed: 5, asOf: Day(iso: "2026-06-30")!, spec: spec))) { _, _ in }
        return store
    }

    @Test("handoff notices reach the receiving function's JSON webhook and the sender's Slack webhook, retried after failures, failures kept visible")
    func deliveries() async throws {
        let spec = Self.loopbackSpec
        let store = try await Self.demoStore(spec)
        let receiver = Receiver(failures: 2)
        let ports = AsyncStream<Int>.makeStream()
        let receiving = Task { try await receiver.run { ports.continuation.yield($0) } }
        defer { receiving.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let at = Instant(iso: "2026-07-01T09:00:00Z")!
        for (name, format, person, function) in [
            ("sales-json", "json", nil, "sales"), ("leo-slack", "slack", "leo.fischer", nil), ("nowhere", "json", nil, "it"),
        ] {
            let hook = try WebhookDesk.make(
                url: "http://127.0.0.1:\(port)/hook/\(name)", format: format, person: person, function: function, spec: spec, by: "test", at: at)
            try await store.saveWebhook(hook, audit: WebhookDesk.audit(hook, actor: "test", origin: "local", at: at))
        }
        #expect(throws: WebhookDesk.Invalid.self) {
            try WebhookDesk.make(url: "ftp://x", format: "json", person: nil, function: nil, spec: spec, by: "t", at: at)
        }
        #expect(throws: WebhookDesk.Invalid.self) {
            try WebhookDesk.make(url: "https://x.example", format: "xml", person: nil, function: nil, spec: spec, by: "t", at: at)
        }

        let desk = HandoffDesk(spec: spec, store: store, now: { at })
        let (account, _) = try await HandoffTests.freshProspect(store)
        let lead: JSONValue = [
            "demand_state": "problem_aware", "buying_motivation": "Payroll errors every month", "content_consumed": ["Pricing page"], "icp_fit_score": 80,
        ]
        let submitted = try await desk.submit(
            handoff: "lead_to_opportunity", account: account, payload: lead, previous: nil, actor: "person:leo.fischer", origin: "test")
        _ = try await desk.decide(submitted.id, accept: false, reason: .notReady, comment: "No budget owner yet", actor: "person:sam.okafor", origin: "test")
        // Submission → the receiving owner (sales); rejection → the sender (leo.fischer). IT hears nothing.
        #expect(try await store.deliveries(status: .pending, limit: 10).count == 2)

        var configuration = ServerConfiguration(spec: spec, store: store)
        configuration.port = 0
        configuration.webhookInterval = .milliseconds(20)
        configuration.webhookRetryBase = .milliseconds(1)
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = buildApplication(configuration)
        try await app.test(.live) { _ in
            for _ in 0..<200 {
                if try await store.deliveries(status: .delivered, limit: 10).count == 2 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let delivered = try await store.deliveries(status: .delivered, limit: 10)
        #expect(delivered.count == 2)
        #expect(delivered.map(\.attempts).reduce(0, +) == 4, "two failed attempts, then each delivered once")
        let (bodies, paths) = receiver.state.withLock { ($0.bodies, $0.paths) }
        #expect(Set(paths) == ["sales-json", "leo-slack"])
        let json = try #require(
            bodies[paths.firstIndex(of: "sales-json")!].data(using: .utf8).flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect(json["type"] as? String == "handoff.submitted" && json["handoff_id"] as? String == submitted.id)
        let slack = try #require(
            bodies[paths.firstIndex(of: "leo-slack")!].data(using: .utf8).flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect((slack["text"] as? String)?.contains("was rejected, not ready: No budget owner yet") == true)
    }

    /// A webhook to port 9 on loopback, where nothing listens, saved under `saved`, and one handoff
    /// notice for it; the server runs under `running` until the delivery is given up, which is answered.
    static func givenUp(saved: Spec, running: Spec, attempts: Int) async throws -> WebhookDelivery? {
        let store = try await demoStore(saved)
        let at = Instant(iso: "2026-07-01T09:00:00Z")!
        let hook = try WebhookDesk.make(url: "http://127.0.0.1:9/hook", format: "json", person: nil, function: nil, spec: saved, by: "test", at: at)
        try await store.saveWebhook(hook, audit: WebhookDesk.audit(hook, actor: "test", origin: "local", at: at))
        let (account, _) = try await HandoffTests.freshProspect(store)
        _ = try await HandoffDesk(spec: running, store: store, now: { at }).submit(
            handoff: "lead_to_opportunity", account: account, payload: ["demand_state": "x"], previous: nil, actor: "person:leo.fischer", origin: "test")
        // Without plays: their notices at start would be deliveries of their own.
        var quiet = running
        quiet.playbooks = []
        var configuration = ServerConfiguration(spec: quiet, store: store)
        configuration.port = 0
        configuration.webhookInterval = .milliseconds(10)
        configuration.webhookRetryBase = .milliseconds(1)
        configuration.webhookMaxAttempts = attempts
        configuration.webhookTimeout = .milliseconds(300)
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        try await buildApplication(configuration).test(.live) { _ in
            for _ in 0..<300 {
                if try await store.deliveries(status: .failed, limit: 10).count == 1 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let failed = try await store.deliveries(status: .failed, limit: 10)
        #expect(failed.count == 1)
        return failed.first
    }

    @Test("a receiver that never answers: the delivery is given up after its attempts, with the error kept")
    func givesUp() async throws {
        let failed = try await Self.givenUp(saved: Self.loopbackSpec, running: Self.loopbackSpec, attempts: 3)
        #expect(failed?.attempts == 3 && failed?.lastError?.isEmpty == false)
    }

    @Test("a webhook to a private address saved while the spec allowed it is not posted once the spec forbids it")
    func privateTargetAtDelivery() async throws {
        let failed = try #require(try await Self.givenUp(saved: Self.loopbackSpec, running: SpecTemplate.defaultSpec, attempts: 1))
        #expect(failed.lastError?.contains("loopback address") == true, "\(failed.lastError ?? "")")
        #expect(failed.lastError?.contains("allow_private_webhooks") == true)
    }
}
