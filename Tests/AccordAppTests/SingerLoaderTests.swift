import AccordApp
import AccordCore
import AccordStore
import Foundation
import Testing

/// Captured Singer streams replayed into a real SQLite file through the loader that `accord load`
/// and `accord sync run` use.
@Suite("Singer loader")
struct SingerLoaderTests {
    /// The full template, with the salesforce source reading its Account stream into accounts.
    static let spec: Spec = {
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
            with:
                "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly, tap: [tap-crm], streams: [{stream: Account, feeds: accounts}]}\n")
        return SpecParser.read(text).spec!
    }()

    /// Every test's file lives under one folder of this run, removed when the test process ends.
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-app-tests-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: SingerLoaderTests.root) }
        return root
    }()

    static func store() throws -> SQLiteStore {
        let folder = Self.root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("accord.db").path)
    }

    static let schema =
        #"{"type":"SCHEMA","stream":"Account","key_properties":["Id"],"schema":{"type":"object","properties":{"Id":{"type":"string"},"Name":{"type":"string"},"Website":{"type":["null","string"]}}}}"#

    static func record(_ n: Int, name: String? = nil) -> String {
        #"{"type":"RECORD","stream":"Account","record":{"Id":"001\#(n)","Name":"\#(name ?? "Tap Company \(n)")","Website":"https://tap\#(n).example"}}"#
    }

    static func state(_ n: Int) -> String { #"{"type":"STATE","value":{"bookmarks":{"Account":{"n":\#(n)}}}}"# }

    /// Commits at every state and maps after every commit, so each step shows at once.
    static let eager = SyncDesk.LoadOptions(chunk: 2, commitEvery: 0, mapEvery: 0)

    static func load(
        _ lines: [String], into store: SQLiteStore, finish: Bool = true, options: SyncDesk.LoadOptions = eager, spec: Spec = spec
    ) async throws -> (SyncRun, [JSONValue]) {
        let desk = SyncDesk(spec: spec, store: store, now: { .now }, today: { Day(iso: "2026-06-30")! })
        let loader = try await desk.start("salesforce", trigger: .load, options: options)
        var announced: [JSONValue] = []
        for line in lines {
            if let state = try await loader.take(line) { announced.append(state) }
        }
        guard finish else { return (loader.run, announced) }
        return (try await loader.finish(exit: TapExit(code: 0)), announced)
    }

    @Test("records become accounts with their source links, each state is announced after its commit, and a resend changes nothing")
    func load() async throws {
        let store = try Self.store()
        let lines = [Self.schema, Self.record(1), Self.record(2), Self.state(2), Self.record(3), Self.state(3)]
        let (run, announced) = try await Self.load(lines, into: store)
        #expect(run.status == .ok, "\(run.error ?? "")")
        #expect(announced == [["bookmarks": ["Account": ["n": 2]]], ["bookmarks": ["Account": ["n": 3]]]])
        #expect(run.streams["Account"]?.read == 3 && run.streams["Account"]?.created == 3)
        #expect(try await store.syncState(source: "salesforce") == ["bookmarks": ["Account": ["n": 3]]])
        let links = try await store.sourceLinks(source: "salesforce", kind: "account")
        #expect(Set(links.keys) == ["0011", "0012", "0013"])
        let account = try #require(try await store.account(id: links["0012"]!))
        #expect(account.account.name == "Tap Company 2" && account.account.domain == "tap2.example")

        // Taps deliver at least once: the same records again are unchanged, and one that changed is an update.
        let (again, _) = try await Self.load([Self.schema, Self.record(1), Self.record(2, name: "Tap Company Two"), Self.state(4)], into: store)
        #expect(again.streams["Account"]?.unchanged == 1 && again.streams["Account"]?.updated == 1 && again.streams["Account"]?.created == 0)
        #expect(try await store.accountsForMatching().count == 3)
        #expect(try await store.syncRuns(source: "salesforce", limit: 10).map(\.status) == [.ok, .ok])
    }

    @Test("a run cut off after a state resumes from it: what came before is kept once, what came after is sent again and kept once")
    func resume() async throws {
        let store = try Self.store()
        // The process dies after line 5: records 1 and 2 are committed with state 2, record 3 is not.
        let (cut, _) = try await Self.load([Self.schema, Self.record(1), Self.record(2), Self.state(2), Self.record(3)], into: store, finish: false)
        #expect(try await store.syncState(source: "salesforce") == ["bookmarks": ["Account": ["n": 2]]])
        // The next process finds the run still marked running, its holder gone, and ends it.
        try await store.finishSyncRun(try SyncRunStateMachine.abandon(cut, at: .now), notices: [])
        // The tap, started again from state 2, sends record 2 again (bookmarks compare with >=) and 3.
        let (run, _) = try await Self.load([Self.schema, Self.record(2), Self.record(3), Self.state(3)], into: store)
        #expect(run.status == .ok)
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").count == 3)
        #expect(try await store.accountsForMatching().count == 3)
        let runs = try await store.syncRuns(source: "salesforce", limit: 10)
        #expect(runs.count == 2)
    }

    @Test("a broken line stops the load: nothing after the last state is kept, and the run says which line")
    func brokenLine() async throws {
        let store = try Self.store()
        let (run, announced) = try await Self.load(
            [Self.schema, Self.record(1), Self.state(1), Self.record(2), "Traceback (most recent call last):", Self.record(3), Self.state(3)], into: store)
        #expect(run.status == .failed)
        #expect(run.error?.contains("line 5: not JSON") == true)
        #expect(announced == [["bookmarks": ["Account": ["n": 1]]]])
        #expect(try await store.syncState(source: "salesforce") == ["bookmarks": ["Account": ["n": 1]]])
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").keys.sorted() == ["0011"])
    }

    @Test("rejected records are kept with their reason and the run is partial; a deleted one is marked, not mapped")
    func rejects() async throws {
        let store = try Self.store()
        let wrong = #"{"type":"RECORD","stream":"Account","record":{"Id":7,"Name":"Numbered"}}"#
        let deleted = #"{"type":"RECORD","stream":"Account","record":{"Id":"0019","Name":"Gone","IsDeleted":true}}"#
        let (run, _) = try await Self.load([Self.record(0), Self.schema, Self.record(1), wrong, deleted, Self.state(1)], into: store)
        #expect(run.status == .partial)
        #expect(run.streams["Account"]?.rejected == 2 && run.streams["Account"]?.deleted == 1 && run.streams["Account"]?.created == 1)
        let kept = try await store.syncRejects(source: "salesforce", limit: 10)
        #expect(kept.count == 2)
        #expect(kept.contains { $0.reject.reason.contains("came before its SCHEMA") })
        #expect(kept.contains { $0.reject.reason.contains("does not match the stream's schema") && $0.reject.line == 4 })
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").keys.sorted() == ["0011"])
    }

    @Test("a second run of a source while one is going is refused; one left by a process that is gone is ended as failed")
    func overlap() async throws {
        let store = try Self.store()
        let desk = SyncDesk(spec: Self.spec, store: store, now: { .now }, today: { .today })
        let first = try await desk.start("salesforce", trigger: .manual)
        await #expect(throws: StoreError.self) { try await desk.start("salesforce", trigger: .manual) }
        _ = try await first.finish(exit: TapExit(code: 0))
        // A run held by a process id that does not exist on this host.
        let orphan = try await store.startSyncRun(
            source: "salesforce", trigger: .schedule, holder: "\(ProcessInfo.processInfo.hostName):999999", at: .now, timeout: 3_600_000)
        let next = try await desk.start("salesforce", trigger: .manual)
        let runs = try await store.syncRuns(source: "salesforce", limit: 10)
        #expect(runs.first { $0.id == orphan.id }?.status == .failed)
        #expect(runs.first { $0.id == orphan.id }?.error?.contains("stopped before the run ended") == true)
        #expect(next.run.status == .running)
    }

    @Test("a failure streak tells the owner and the IT partners once, by webhook, and once more when the sync works again")
    func notices() async throws {
        let store = try Self.store()
        let audit = AuditEntry(at: .now, actor: "test", origin: "local", action: "webhook.added", target: "webhook:whk_it")
        try await store.saveWebhook(
            Webhook(id: "whk_it", url: "http://127.0.0.1:9/it", format: .json, person: nil, function: "it", createdAt: .now, createdBy: "test"), audit: audit)
        try await store.saveWebhook(
            Webhook(id: "whk_owner", url: "http://127.0.0.1:9/o", format: .slack, person: "priya.raman", function: nil, createdAt: .now, createdBy: "test"),
            audit: audit)
        let broken = [Self.schema, "not json"]
        let good = [Self.schema, Self.record(1), Self.state(1)]
        let statuses = [
            try await Self.load(good, into: store).0.status, try await Self.load(broken, into: store).0.status,
            try await Self.load(broken, into: store).0.status,
            try await Self.load(good, into: store).0.status, try await Self.load(good, into: store).0.status,
        ]
        #expect(statuses == [.ok, .failed, .failed, .ok, .ok])
        let deliveries = try await store.deliveries(status: nil, limit: 100).sorted { $0.id < $1.id }
        #expect(deliveries.map(\.kind) == ["sync.failed", "sync.failed", "sync.recovered", "sync.recovered"], "one of each per webhook")
        #expect(Set(deliveries.map(\.webhookID)) == ["whk_it", "whk_owner"])
        let slack = try #require(deliveries.first { $0.webhookID == "whk_owner" && $0.kind == "sync.failed" })
        #expect(slack.body.contains("The salesforce sync failed (run 2)") && slack.body.contains("not JSON"))
        let json = try #require(deliveries.first { $0.webhookID == "whk_it" && $0.kind == "sync.recovered" })
        #expect(json.body.contains(#""type":"sync.recovered""#) && json.body.contains(#""source":"salesforce""#))
    }

    @Test("a mapping fixed after the records arrived is applied from the raw store, without the tap")
    func remap() async throws {
        let store = try Self.store()
        let unnamed = (1...3).map { #"{"type":"RECORD","stream":"Account","record":{"Id":"002\#($0)","AccountName":"Renamed Company \#($0)"}}"# }
        let schema = #"{"type":"SCHEMA","stream":"Account","key_properties":["Id"],"schema":{"type":"object"}}"#
        let (run, _) = try await Self.load([schema] + unnamed + [Self.state(3)], into: store)
        #expect(run.streams["Account"]?.rejected == 3, "the spec does not map AccountName yet: \(run.streams)")
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").isEmpty)
        let fixedText = SpecTemplate.full.text
            .replacingOccurrences(
                of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
                with:
                    "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly, tap: [tap-crm], streams: [{stream: Account, feeds: accounts}]}\n"
            )
            .replacingOccurrences(of: "{from: Name, to: account.name", with: "{from: [Name, AccountName], to: account.name")
        let fixed = try #require(SpecParser.read(fixedText).spec)
        let desk = SyncDesk(spec: fixed, store: store, now: { .now }, today: { Day(iso: "2026-06-30")! })
        let remapped = try await desk.remap("salesforce")
        #expect(remapped.status == .ok && remapped.trigger == .remap, "\(remapped.error ?? "")")
        #expect(remapped.streams["Account"]?.read == 3 && remapped.streams["Account"]?.created == 3)
        let links = try await store.sourceLinks(source: "salesforce", kind: "account")
        #expect(links.count == 3)
        #expect(try await store.account(id: links["0022"]!)?.account.name == "Renamed Company 2")
        #expect(try await store.syncState(source: "salesforce") == ["bookmarks": ["Account": ["n": 3]]], "a remap leaves the tap's state alone")
    }
}
