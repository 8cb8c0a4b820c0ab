import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird

/// Every test's database lives under one folder of this run, removed when the test process ends.
enum TestFolders {
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-server-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: root)
        atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
        return root
    }()

    /// A new empty SQLite file.
    static func store() throws -> SQLiteStore {
        let folder = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("accord.db").path)
    }

    /// A new SQLite file holding a demo company of `accounts` accounts as of 2026-06-30.
    static func demoStore(accounts: Int, seed: UInt64, spec: Spec = SpecTemplate.defaultSpec) async throws -> SQLiteStore {
        let store = try store()
        try await store.replaceAll(with: DemoCompany.generate(DemoConfig(accounts: accounts, seed: seed, asOf: TestServer.asOf, spec: spec))) { _, _ in }
        return store
    }
}

/// The one server fixture of the HTTP tests: a router over a fresh SQLite file, a token per
/// role (`acc_test_ROLE`), and optionally the `product` source with the write key `wk_test`.
struct TestServer {
    static let asOf = Day(iso: "2026-06-30")!

    let store: SQLiteStore
    let configuration: ServerConfiguration
    let registry = RouteRegistry()

    init(
        store: SQLiteStore, spec: Spec = SpecTemplate.defaultSpec, limits: ServerConfiguration.Limits = .init(),
        now: (@Sendable () -> Instant)? = nil, productKey: Bool = false
    ) async throws {
        self.store = store
        try await saveTestTokens(store)
        if productKey {
            try await store.saveSourceKey(
                SourceKey(source: "product", system: "product_analytics", keyHash: WriteKeys.hash("wk_test"), hint: "test", createdAt: .now),
                audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "source.created", target: "source:product"))
        }
        if let now {
            configuration = ServerConfiguration(spec: spec, store: store, now: now, limits: limits)
        } else {
            configuration = ServerConfiguration(spec: spec, store: store, today: { TestServer.asOf }, limits: limits)
        }
    }

    /// Routes only, answered in process: what most tests need.
    var router: some ApplicationProtocol {
        Application(router: buildRouter(configuration, queue: IngestionQueue(store: store), registry: registry))
    }

    /// The whole application with its background services, as `accord serve` runs it.
    var application: some ApplicationProtocol { buildApplication(configuration) }
}

/// A token per role whose secret is `acc_test_ROLE`, for requests made as that role.
func saveTestTokens(_ store: any Store) async throws {
    for role in Person.Role.allCases {
        let token = APIToken(
            id: "tok_\(role.rawValue)", hash: Tokens.hash("acc_test_\(role.rawValue)"), role: role, personID: nil, label: "test \(role.rawValue)",
            createdAt: .now, createdBy: "test")
        try await store.saveToken(token, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "token.created", target: "token:\(token.id)"))
    }
}

/// A server over the small company (60 accounts, seed 9, plus a hostile name).
func makeServer(accounts: Int? = nil) async throws -> (some ApplicationProtocol, SQLiteStore) {
    let store = try TestFolders.store()
    var data = DemoCompany.generate(DemoConfig(accounts: accounts ?? 60, seed: 9, asOf: TestServer.asOf, spec: SpecTemplate.defaultSpec))
    data.accounts[0].name = "<script>alert(1)</script> Evil & Co"
    try await store.replaceAll(with: data) { _, _ in }
    return (try await TestServer(store: store).application, store)
}

/// A server whose route list the test can read, over a small demo company (40 accounts, seed 3).
func makeAccessServer(
    limits: ServerConfiguration.Limits = .init(), spec: Spec = SpecTemplate.defaultSpec
) async throws -> (some ApplicationProtocol, SQLiteStore, RouteRegistry) {
    let server = try await TestServer(store: try await TestFolders.demoStore(accounts: 40, seed: 3, spec: spec), spec: spec, limits: limits, productKey: true)
    return (server.router, server.store, server.registry)
}

/// A server with an empty database and one source, `product`, whose key is `wk_test`.
func makeIngestionServer(taxonomy: ((inout Taxonomy) -> Void)? = nil) async throws -> (some ApplicationProtocol, SQLiteStore) {
    var spec = SpecTemplate.defaultSpec
    taxonomy?(&spec.taxonomy)
    let server = try await TestServer(store: try TestFolders.store(), spec: spec, now: { Instant(iso: "2026-11-22T12:00:00Z")! }, productKey: true)
    return (server.application, server.store)
}
