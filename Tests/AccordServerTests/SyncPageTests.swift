import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Sync health on the pages")
struct SyncPageTests {
    static let spec: Spec = {
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
            with:
                "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly, tap: [tap-crm], streams: [{stream: Account, feeds: accounts}]}\n")
        return SpecParser.read(text).spec!
    }()

    @Test("the data quality page shows each synced source's last run, status and error, marks one stale after twice its frequency, and lists the runs")
    func dataQuality() async throws {
        let store = try await TestFolders.demoStore(accounts: 20, seed: 4, spec: Self.spec)
        // A run three hours ago that failed: an hourly source with no good run since is stale.
        let started = Instant(milliseconds: Instant.now.milliseconds - 3 * 3_600_000)
        let run = try await store.startSyncRun(source: "salesforce", trigger: .schedule, holder: "elsewhere:1", at: started, timeout: 1000)
        var counts = StreamCounts()
        counts.read = 12
        counts.rejected = 2
        var failed = run
        failed.streams = ["Account": counts]
        failed = try SyncRunStateMachine.finish(failed, exit: TapExit(code: 1), expected: ["Account"], stateAfter: nil, at: started)
        try await store.finishSyncRun(failed, notices: [])
        let server = try await TestServer(store: store, spec: Self.spec, now: { .now })
        let body = try await server.router.test(.router) { client in
            try await client.execute(uri: "/data-quality", method: .get, headers: bearer(.admin)) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
        #expect(body.contains(#"<tr data-sync="salesforce">"#))
        #expect(body.contains(#"data-stale="salesforce""#))
        #expect(body.contains("the tap exited 1"))
        #expect(body.contains(#"<tr data-run="\#(run.id)">"#) && body.contains("Account: 12 read, 0 new, 0 updated, 2 rejected"))
    }

    @Test("a source that synced within its frequency is not stale, and a spec with no tap says so")
    func fresh() async throws {
        let store = try await TestFolders.demoStore(accounts: 20, seed: 4, spec: Self.spec)
        let run = try await store.startSyncRun(source: "salesforce", trigger: .schedule, holder: "elsewhere:1", at: .now, timeout: 1000)
        var ok = run
        ok.streams = ["Account": StreamCounts()]
        ok = try SyncRunStateMachine.finish(ok, exit: TapExit(code: 0), expected: ["Account"], stateAfter: nil, at: .now)
        try await store.finishSyncRun(ok, notices: [])
        let body = try await TestServer(store: store, spec: Self.spec, now: { .now }).router.test(.router) { client in
            try await client.execute(uri: "/data-quality", method: .get, headers: bearer(.admin)) { String(buffer: $0.body) }
        }
        #expect(body.contains(#"<tr data-sync="salesforce">"#) && !body.contains("data-stale="))
        let plain = try await TestServer(store: try TestFolders.store()).router.test(.router) { client in
            try await client.execute(uri: "/data-quality", method: .get, headers: bearer(.admin)) { String(buffer: $0.body) }
        }
        #expect(plain.contains("No source has a tap for Accord to run."))
    }

    @Test("the demo company's sync log: each batch source's runs, a support failure told to its people by name, and its recovery")
    func demoHistory() async throws {
        let store = try await TestFolders.demoStore(accounts: 200, seed: 4)
        let runs = try await store.syncRuns(source: nil, limit: 500)
        #expect(Set(runs.map(\.source)) == ["salesforce", "hubspot", "gainsight", "zendesk", "stripe"], "product is the realtime Segment path")
        #expect(runs.allSatisfy { $0.endedAt.map { $0.day < TestServer.asOf } ?? false }, "no run is dated on or after the demo's last day")
        let zendesk = runs.filter { $0.source == "zendesk" }.sorted { $0.id < $1.id }
        #expect(zendesk.map(\.status).filter { $0 != .ok } == [.failed], "one failure")
        let failed = try #require(zendesk.firstIndex { $0.status == .failed })
        #expect(zendesk[failed].error?.contains("the tap exited 1") == true && zendesk[failed].stderrTail?.contains("Couldn't authenticate you") == true)
        #expect(zendesk[failed + 1].status == .ok && zendesk[failed + 1].streams["tickets", default: StreamCounts()].read > 0)
        let body = try await TestServer(store: store).router.test(.router) { client in
            try await client.execute(uri: "/data-quality", method: .get, headers: bearer(.admin)) { String(buffer: $0.body) }
        }
        let spec = SpecTemplate.defaultSpec
        // The source's notify list, then the IT partners, each once.
        let told = (["tomas.silva"] + spec.people.filter { $0.role == .itPartner && $0.id != "tomas.silva" }.map(\.id)).map { spec.person($0)!.name }
            .joined(separator: ", ")
        #expect(body.contains(#"<td data-told="\#(zendesk[failed].id)">failure told to \#(told)</td>"#))
        #expect(body.contains(#"<td data-told="\#(zendesk[failed + 1].id)">recovery told to \#(told)</td>"#))
        for source in ["salesforce", "hubspot", "gainsight", "zendesk", "stripe"] { #expect(body.contains(#"<tr data-sync="\#(source)">"#)) }
        #expect(body.contains("by its own runner") && !body.contains("data-stale="), "nothing runs the demo's sources, and none is watched")
    }
}
