import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Plays over HTTP on a demo company with twelve weeks of plays worked.
@Suite("Plays, tasks and the cockpit over HTTP")
struct PlayAPITests {
    static func server() async throws -> TestServer {
        let store = try await TestFolders.demoStore(accounts: 150, seed: 7)
        try await PlayDesk(spec: SpecTemplate.defaultSpec, store: store).seedDemoHistory(asOf: TestServer.asOf, weeks: 12)
        return try await TestServer(store: store)
    }

    /// A token acting for one person of the spec.
    static func token(for person: String, _ store: any Store) async throws -> HTTPFields {
        let role = SpecTemplate.defaultSpec.person(person)!.role
        let token = APIToken(
            id: "tok_\(person)", hash: Tokens.hash("acc_person_\(person)"), role: role, personID: person, label: person, createdAt: .now, createdBy: "test")
        try await store.saveToken(token, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "token.created", target: "token:\(token.id)"))
        return [.authorization: "Bearer acc_person_\(person)", .contentType: "application/json"]
    }

    @Test("a task is done by its owner once; someone else is refused with 403, a skip needs a reason, and the close is audited and on the log")
    func lifecycle() async throws {
        let server = try await Self.server()
        let open = try await server.store.tasks(TaskQuery(statuses: [.open], play: "single_threaded", limit: 50))
        let task = try #require(open.first)
        let spec = SpecTemplate.defaultSpec
        let other = try #require(spec.people.first { $0.function == "cs" && $0.id != task.owner && $0.role != .leader })
        let owner = try await Self.token(for: task.owner, server.store)
        let stranger = try await Self.token(for: other.id, server.store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/tasks?owner=\(task.owner)&status=open", method: .get, headers: viewer) { response in
                let tasks = try #require(try json(response.body)["tasks"] as? [[String: Any]])
                #expect(tasks.contains { $0["id"] as? String == task.id } && tasks.allSatisfy { $0["owner"] as? String == task.owner })
            }
            try await http.execute(uri: "/api/v1/tasks?status=finished", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("'finished' is not one of open, done, skipped, held"))
            }
            try await http.execute(uri: "/api/v1/tasks/\(task.id)/done", method: .post, headers: stranger, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .forbidden && String(buffer: response.body).contains("only its owner or a leader of their function decides it"))
            }
            var asViewer = viewer
            asViewer[.contentType] = "application/json"
            try await http.execute(uri: "/api/v1/tasks/\(task.id)/done", method: .post, headers: asViewer, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .forbidden)
            }
            try await http.execute(uri: "/api/v1/tasks/\(task.id)/skip", method: .post, headers: owner, body: ByteBuffer(string: #"{"reason": " "}"#)) {
                response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("a skipped task needs a reason"))
            }
            try await http.execute(
                uri: "/api/v1/tasks/\(task.id)/comments", method: .post, headers: owner, body: ByteBuffer(string: #"{"body": "Met the CFO"}"#)
            ) {
                response in
                #expect(response.status == .created)
            }
            try await http.execute(
                uri: "/api/v1/tasks/\(task.id)/done", method: .post, headers: owner, body: ByteBuffer(string: #"{"comment": "second thread"}"#)
            ) {
                response in
                let body = try json(response.body)
                #expect(response.status == .ok && body["status"] as? String == "done")
            }
            try await http.execute(uri: "/api/v1/tasks/\(task.id)/done", method: .post, headers: owner, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("is already done"))
            }
            try await http.execute(uri: "/api/v1/tasks/\(task.id)", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect((body["comments"] as? [[String: Any]])?.map { $0["body"] as? String } == ["Met the CFO"])
            }
            try await http.execute(uri: "/api/v1/tasks/tsk_nothing/done", method: .post, headers: owner, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await server.store.events(EventQuery(messageID: "task:\(task.id):closed")).events.first?.event.name == "task_closed")
        #expect(try await server.store.audit(AuditQuery(action: "task.done", target: "task:\(task.id)")).entries.count == 1)
        let run = try #require(try await server.store.playRuns(play: "single_threaded", account: task.account, limit: 10).first { $0.id == task.run })
        #expect(run.status == .closed, "the play's only task is closed, so its run is")
    }

    @Test("plays list their work; only RevOps or the CS leader switches one or runs them; a backtest says where it would have fired")
    func plays() async throws {
        let server = try await Self.server()
        let spec = SpecTemplate.defaultSpec
        let manager = try await Self.token(for: try #require(spec.people.first { $0.role == .csManager }).id, server.store)
        let revops = try await Self.token(for: try #require(spec.people.first { $0.role == .revops }).id, server.store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/plays", method: .get, headers: viewer) { response in
                let plays = try #require(try json(response.body)["plays"] as? [[String: Any]])
                #expect(plays.compactMap { ($0["play"] as? [String: Any])?["id"] as? String } == ["risk_at_renewal", "expansion_signal", "single_threaded"])
                #expect(plays.allSatisfy { ($0["runs"] as? Int ?? 0) > 0 })
            }
            try await http.execute(
                uri: "/api/v1/plays/single_threaded/status", method: .post, headers: manager, body: ByteBuffer(string: #"{"status": "dry_run"}"#)
            ) {
                response in
                #expect(response.status == .forbidden && String(buffer: response.body).contains("RevOps and the CS leader do"))
            }
            try await http.execute(
                uri: "/api/v1/plays/single_threaded/status", method: .post, headers: revops, body: ByteBuffer(string: #"{"status": "dry_run"}"#)
            ) {
                response in
                #expect(response.status == .ok)
            }
            try await http.execute(uri: "/api/v1/plays/nope/status", method: .post, headers: revops, body: ByteBuffer(string: #"{"status": "live"}"#)) {
                response in
                #expect(
                    response.status == .notFound && String(buffer: response.body).contains("its plays are risk_at_renewal, expansion_signal, single_threaded"))
            }
            try await http.execute(uri: "/api/v1/plays/single_threaded", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect((body["play"] as? [String: Any])?["status"] as? String == "dry_run")
            }
            try await http.execute(uri: "/api/v1/plays/evaluate", method: .post, headers: revops, body: ByteBuffer(string: "{}")) { response in
                let body = try json(response.body)
                #expect(response.status == .ok && body["runs"] != nil)
            }
            try await http.execute(uri: "/api/v1/plays/single_threaded/backtest", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect(((body["firings"] as? [Any])?.count ?? 0) > 0 && (body["fired"] as? [String: Any])?["clients"] as? Int ?? 0 > 0)
            }
            try await http.execute(uri: "/api/v1/reports/plays", method: .get, headers: viewer) { response in
                let plays = try #require(try json(response.body)["plays"] as? [[String: Any]])
                #expect(plays.map { $0["play"] as? String } == ["risk_at_renewal", "expansion_signal", "single_threaded"])
                #expect(plays.allSatisfy { $0["treated"] is [String: Any] && $0["held_out"] is [String: Any] })
                #expect(plays.reduce(0) { $0 + ($1["tasks_done"] as? Int ?? 0) } > 0, "twelve weeks of work done")
            }
            try await http.execute(uri: "/plays/risk_at_renewal?backtest=1", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains(#"data-backtest="fired""#) && page.contains("<tr data-run="))
            }
        }
        #expect(try await server.store.audit(AuditQuery(action: "play.dry_run")).entries.count == 1)
    }

    @Test("the cockpit shows a person their tasks (overdue first), their renewals with risk, the handoffs waiting for them, by name")
    func cockpit() async throws {
        let server = try await Self.server()
        let tasks = try await server.store.tasks(TaskQuery(statuses: [.open, .held], limit: 5000))
        let owner = try #require(Dictionary(grouping: tasks, by: \.owner).max { $0.value.count < $1.value.count }?.key)
        let headers = try await Self.token(for: owner, server.store)
        let mine = tasks.filter { $0.owner == owner }
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/today", method: .get, headers: headers) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("<h1>Today · \(SpecTemplate.defaultSpec.person(owner)!.name)</h1>"))
                let held = mine.filter { $0.status == .held }.count
                #expect(page.components(separatedBy: "<tr data-task=").count - 1 == mine.count - held, "open tasks, each with its forms")
                #expect(page.components(separatedBy: "<tr data-held=").count - 1 == min(held, 20), "held ones counted, the largest listed")
                if held > 0 { #expect(page.contains(#"data-key="held">\#(held)<"#)) }
                #expect(!page.contains(">acc_"), "accounts are shown by name")
                let overdue = mine.filter { $0.status == .open && $0.due < TestServer.asOf }.count
                #expect(page.contains(#"data-key="overdue">\#(overdue)<"#))
            }
        }
    }

    @Test("a sync whose last run failed touches every account it holds, until a run works again")
    func failingSync() async throws {
        let store = try await TestFolders.demoStore(accounts: 40, seed: 3)
        func run(_ code: Int) async throws {
            var run = try await store.startSyncRun(source: "salesforce", trigger: .schedule, holder: "test:1", at: .now, timeout: 1000)
            run.streams = ["Account": StreamCounts()]
            try await store.finishSyncRun(
                try SyncRunStateMachine.finish(run, exit: TapExit(code: code), expected: ["Account"], stateAfter: nil, at: .now), notices: [])
        }
        try await run(1)
        let held = try await store.identities(accountID: try #require(try await store.accounts(AccountQuery(limit: 1)).accounts.first).id)
        let failing = try await store.failingSyncs()
        #expect(held.contains { $0.source == "salesforce" } && failing.count == 40 && failing.values.allSatisfy { $0.map(\.source) == ["salesforce"] })
        let accounts = try await PlayDesk(spec: SpecTemplate.defaultSpec, store: store).accounts(asOf: TestServer.asOf)
        #expect(accounts.allSatisfy { $0.failingSyncs.first?.error.contains("the tap exited 1") == true })
        try await run(0)
        #expect(try await store.failingSyncs().isEmpty, "the sync works again")
    }
}
