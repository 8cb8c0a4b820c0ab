import AccordApp
import AccordCore
import AccordStore
import Foundation
import Testing

/// What happens between the raw store and the client record: deletes, records left waiting by a
/// run that died, replays of rejects after a fix, and dry runs.
@Suite("Singer loader: mapping from the raw store")
struct SingerMappingTests {
    typealias Fixture = SingerLoaderTests

    static func deleted(_ n: Int) -> String {
        #"{"type":"RECORD","stream":"Account","record":{"Id":"001\#(n)","Name":"Tap Company \#(n)","IsDeleted":true}}"#
    }

    @Test("a record deleted in its system leaves the client record's identities; the account stays with what others say")
    func deletes() async throws {
        let store = try Fixture.store()
        _ = try await Fixture.load([Fixture.schema, Fixture.record(1), Fixture.record(2), Fixture.state(2)], into: store)
        let before = try await store.sourceLinks(source: "salesforce", kind: "account")
        #expect(before.count == 2)
        let (run, _) = try await Fixture.load([Fixture.schema, Self.deleted(2), Fixture.state(3)], into: store)
        #expect(run.status == .ok && run.streams["Account"]?.deleted == 1, "\(run.streams)")
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").keys.sorted() == ["0011"])
        #expect(try await store.account(id: before["0012"]!) != nil, "the account itself is kept")
        let audit = try await store.audit(AuditQuery(action: "sync.deleted"))
        #expect(audit.entries.count == 1 && audit.entries[0].after == ["unlinked": ["account 0012"]])
    }

    @Test("ACTIVATE_VERSION: what an older version of the stream held is deleted from the client record's identities")
    func activateVersion() async throws {
        let store = try Fixture.store()
        func versioned(_ n: Int, _ version: Int) -> String {
            #"{"type":"RECORD","stream":"Account","version":\#(version),"record":{"Id":"001\#(n)","Name":"Tap Company \#(n)"}}"#
        }
        _ = try await Fixture.load([Fixture.schema, versioned(1, 1), versioned(2, 1), Fixture.state(1)], into: store)
        _ = try await Fixture.load(
            [Fixture.schema, versioned(1, 2), #"{"type":"ACTIVATE_VERSION","stream":"Account","version":2}"#, Fixture.state(2)], into: store)
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").keys.sorted() == ["0011"])
    }

    @Test("records landed by a run that died before mapping them are mapped by the next run")
    func leftovers() async throws {
        let store = try Fixture.store()
        let patient = SyncDesk.LoadOptions(chunk: 100, commitEvery: 0, mapEvery: 3_600_000)
        let (cut, _) = try await Fixture.load(
            [Fixture.schema, Fixture.record(1), Fixture.record(2), Fixture.state(2)], into: store, finish: false, options: patient)
        #expect(try await store.unmappedSyncCount(source: "salesforce") == 2)
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").isEmpty)
        try await store.finishSyncRun(try SyncRunStateMachine.abandon(cut, at: .now), notices: [])
        let (next, _) = try await Fixture.load([Fixture.schema, Fixture.state(2)], into: store, options: patient)
        #expect(next.status == .ok)
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").count == 2)
        #expect(try await store.unmappedSyncCount(source: "salesforce") == 0)
    }

    @Test("rejected records are replayed once after a fix; what the tap must send again is named, not replayed")
    func replay() async throws {
        let store = try Fixture.store()
        let unnamed = (1...2).map { #"{"type":"RECORD","stream":"Account","record":{"Id":"002\#($0)","AccountName":"Renamed Company \#($0)"}}"# }
        let schema = #"{"type":"SCHEMA","stream":"Account","key_properties":["Id"],"schema":{"type":"object"}}"#
        let keyless = #"{"type":"RECORD","stream":"Account","record":{"AccountName":"No Id"}}"#
        let (run, _) = try await Fixture.load([schema] + unnamed + [keyless, Fixture.state(3)], into: store)
        #expect(run.status == .partial && run.streams["Account"]?.rejected == 3)
        let fixed = try #require(
            SpecParser.read(
                SpecTemplate.full.text
                    .replacingOccurrences(
                        of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
                        with:
                            "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly, tap: [tap-crm], streams: [{stream: Account, feeds: accounts}]}\n"
                    )
                    .replacingOccurrences(of: "{from: Name, to: account.name", with: "{from: [Name, AccountName], to: account.name")
            ).spec)
        let desk = SyncDesk(spec: fixed, store: store, now: { .now }, today: { Day(iso: "2026-06-30")! })
        let replay = try await desk.replay("salesforce")
        #expect(replay.replayed == 2 && replay.needTheTap.count == 1)
        #expect(replay.needTheTap.first?.reject.reason.contains("key property 'Id'") == true)
        #expect(replay.run?.status == .ok && replay.run?.streams["Account"]?.created == 2, "\(String(describing: replay.run))")
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").count == 2)
        let again = try await desk.replay("salesforce")
        #expect(again.run == nil && again.replayed == 0, "each reject is replayed once")
    }

    @Test("a dry run counts what it would change and writes nothing: no records, no state, no run")
    func dryRun() async throws {
        let store = try Fixture.store()
        let dry = SyncDesk.LoadOptions(chunk: 2, commitEvery: 0, mapEvery: 0, dryRun: true)
        let (run, announced) = try await Fixture.load(
            [Fixture.schema, Fixture.record(1), Fixture.record(2), Fixture.state(2), Fixture.record(3), Fixture.state(3)], into: store, options: dry)
        #expect(run.status == .ok && run.streams["Account"]?.read == 3 && run.streams["Account"]?.created == 3, "\(run.streams)")
        #expect(announced.count == 2, "the states are still read in order")
        #expect(try await store.accountsForMatching().isEmpty)
        #expect(try await store.syncRuns(source: "salesforce", limit: 10).isEmpty)
        #expect(try await store.syncState(source: "salesforce") == nil)
        #expect(try await store.unmappedSyncCount(source: "salesforce") == 0)
    }
}
