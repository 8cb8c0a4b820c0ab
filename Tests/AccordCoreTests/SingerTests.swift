import AccordCore
import Testing

@Suite("Singer messages and the sync lifecycle, without a database")
struct SingerTests {
    static let sync = SyncDefinition(tap: ["tap-crm"], streams: [StreamFeed(stream: "Account", feeds: .accounts)])
    static let schema: JSONValue = ["type": "object", "properties": ["Id": ["type": "string"], "Name": ["type": ["null", "string"]]]]

    func parse(_ line: String) throws(SingerMessage.Problem) -> SingerMessage? { try SingerMessage.parse(line, line: 7) }

    @Test("each message type is read with its fields; a blank line is nothing")
    func messages() throws {
        #expect(
            try parse(#"{"type":"SCHEMA","stream":"Account","schema":{"type":"object"},"key_properties":["Id"],"bookmark_properties":["SystemModstamp"]}"#)
                == .schema(stream: "Account", schema: ["type": "object"], keyProperties: ["Id"], bookmarkProperties: ["SystemModstamp"]))
        #expect(
            try parse(#"{"type":"RECORD","stream":"Account","record":{"Id":"001"},"version":3}"#)
                == .record(stream: "Account", record: ["Id": "001"], version: 3))
        #expect(try parse(#"{"type":"STATE","value":{"bookmarks":{}}}"#) == .state(["bookmarks": [:]]))
        #expect(try parse(#"{"type":"ACTIVATE_VERSION","stream":"Account","version":4}"#) == .activateVersion(stream: "Account", version: 4))
        #expect(try parse("   ") == nil)
    }

    @Test("a broken line says which line and what is wrong")
    func problems() {
        let cases: [(String, String)] = [
            ("INFO starting", "line 7: not JSON"),
            ("[1]", "a Singer message is a JSON object, not a list"),
            (#"{"stream":"Account"}"#, "has no \"type\""),
            (#"{"type":"SCHEMA","stream":"Account","schema":{}}"#, "has no \"key_properties\""),
            (#"{"type":"RECORD","record":{}}"#, "RECORD has no \"stream\""),
            (#"{"type":"BATCH","stream":"Account"}"#, "BATCH messages (records in files) are not read"),
            (#"{"type":"HELLO"}"#, "unknown message type 'HELLO'"),
        ]
        for (line, expected) in cases {
            do {
                _ = try parse(line)
                Issue.record("\(line) was read")
            } catch {
                #expect(error.description.contains(expected), "\(line): \(error.description)")
            }
        }
    }

    @Test("records are keyed and checked against their schema; one before its schema or off it is rejected with the reason")
    func intake() {
        var intake = SingerIntake(sync: Self.sync, chunk: 100)
        #expect(intake.take(.record(stream: "Account", record: ["Id": "001"], version: nil), line: 1) == .next)
        #expect(intake.rejects.first?.reason.contains("came before its SCHEMA") == true)
        #expect(intake.take(.schema(stream: "Account", schema: Self.schema, keyProperties: ["Id"], bookmarkProperties: []), line: 2) == .next)
        #expect(intake.take(.record(stream: "Account", record: ["Id": "001", "Name": "Acme"], version: nil), line: 3) == .next)
        #expect(intake.take(.record(stream: "Account", record: ["Id": 5, "Name": "Wrong"], version: nil), line: 4) == .next)
        #expect(intake.take(.record(stream: "Account", record: ["Name": "No key"], version: nil), line: 5) == .next)
        #expect(intake.take(.record(stream: "Account", record: ["Id": "002", "IsDeleted": true], version: nil), line: 6) == .next)
        #expect(
            intake.take(.record(stream: "Opportunity", record: ["Id": "006"], version: nil), line: 7) == .next, "a stream the spec does not read is skipped")
        #expect(intake.pending.map(\.key) == ["001", "002"])
        #expect(intake.pending.map(\.deleted) == [false, true])
        #expect(intake.rejects.map(\.line) == [1, 4, 5])
        #expect(intake.rejects[1].reason.contains("does not match the stream's schema"))
        #expect(intake.rejects[2].reason.contains("no value for its key property 'Id'"))
        #expect(intake.counts["Account"]?.read == 5 && intake.counts["Account"]?.rejected == 3 && intake.ignored["Opportunity"] == 1)
    }

    @Test("a state commits what came before it; an empty state commits records but never replaces the bookmark; a changed key stops the run")
    func commits() {
        var intake = SingerIntake(sync: Self.sync, chunk: 2)
        _ = intake.take(.schema(stream: "Account", schema: Self.schema, keyProperties: ["Id"], bookmarkProperties: []), line: 1)
        #expect(intake.take(.record(stream: "Account", record: ["Id": "001"], version: nil), line: 2) == .next)
        #expect(
            intake.take(.record(stream: "Account", record: ["Id": "002"], version: nil), line: 3) == .commit(state: nil), "a chunk is written without a state")
        #expect(intake.take(.state(["bookmarks": ["Account": ["n": 2]]]), line: 4) == .commit(state: ["bookmarks": ["Account": ["n": 2]]]))
        #expect(intake.take(.state([:]), line: 5) == .commit(state: nil))
        #expect(intake.take(.state(.null), line: 6) == .commit(state: nil))
        guard case .stop(let reason) = intake.take(.schema(stream: "Account", schema: Self.schema, keyProperties: ["Name"], bookmarkProperties: []), line: 7)
        else {
            Issue.record("a changed key is not a stop")
            return
        }
        #expect(reason.contains("the key of Account changed from [Id] to [Name]"))
    }

    @Test("a run is ok, partial or failed by how the tap ended and what arrived, once")
    func lifecycle() throws {
        let at = Instant(iso: "2026-11-22T10:00:00Z")!
        var run = SyncRun(id: 1, source: "crm", trigger: .manual, holder: "h:1", startedAt: at, stateBefore: nil)
        func finish(_ exit: TapExit, streams: [String: StreamCounts], expected: [String] = ["Account", "Contact"]) throws -> SyncRun {
            run.streams = streams
            return try SyncRunStateMachine.finish(run, exit: exit, expected: expected, quotaExitCodes: [2], stateAfter: nil, at: at)
        }
        var rejected = StreamCounts()
        rejected.rejected = 2
        #expect(try finish(TapExit(code: 0), streams: ["Account": StreamCounts(), "Contact": StreamCounts()]).status == .ok)
        let partial = try finish(TapExit(code: 0), streams: ["Account": rejected])
        #expect(
            partial.status == .partial && partial.error!.contains("no records or schema arrived for Contact")
                && partial.error!.contains("2 records were rejected"))
        let nothing = try finish(TapExit(code: 0), streams: [:])
        #expect(nothing.status == .failed && nothing.error!.contains("without sending any stream the spec reads"))
        #expect(try finish(TapExit(code: 2), streams: [:]).error!.contains("API quota is used up"))
        #expect(try finish(TapExit(code: 1), streams: [:]).error!.contains("the tap exited 1"))
        #expect(try finish(TapExit(code: nil, timedOut: true), streams: [:]).error!.contains("past its timeout"))
        let done = try finish(TapExit(code: 0), streams: ["Account": StreamCounts(), "Contact": StreamCounts()])
        #expect(throws: SyncRunStateMachine.Failure.alreadyFinished(id: 1, status: .ok)) {
            try SyncRunStateMachine.finish(done, exit: TapExit(code: 0), expected: [], stateAfter: nil, at: at)
        }
        #expect(try SyncRunStateMachine.abandon(run, at: at).status == .failed)
    }

    @Test("${NAME} in a tap's config is filled from the environment, a missing one named, the values kept to redact")
    func config() throws {
        var sync = Self.sync
        sync.config = ["host": "db.internal", "password": "${CRM_PASSWORD}", "url": "https://${CRM_HOST}/api", "port": 5432]
        let (config, secrets) = try sync.resolvedConfig(environment: ["CRM_PASSWORD": "s3cret!", "CRM_HOST": "crm.example"])
        #expect(config == ["host": "db.internal", "password": "s3cret!", "url": "https://crm.example/api", "port": 5432])
        #expect(Set(secrets) == ["s3cret!", "crm.example"])
        #expect(throws: SyncConfigError(missing: ["CRM_HOST", "CRM_PASSWORD"])) { try sync.resolvedConfig(environment: [:]) }
        #expect(SyncDefinition.malformedReferences(in: ["a": "${1X}", "b": "${ok}", "c": "${unclosed"]) == ["${1X}", "${unclosed"])
    }

    @Test("after failures the next run comes sooner, doubling from a minute up to the frequency")
    func backoff() {
        let at = Instant(iso: "2026-11-22T10:00:00Z")!
        func runs(_ statuses: [SyncRun.Status]) -> [SyncRun] {
            statuses.enumerated().map { index, status in
                var run = SyncRun(id: Int64(index), source: "crm", trigger: .schedule, holder: "h:1", startedAt: at, stateBefore: nil)
                run.status = status
                return run
            }
        }
        #expect(SyncSchedule.wait(after: [], frequency: 3600) == 3600)
        #expect(SyncSchedule.wait(after: runs([.ok, .failed]), frequency: 3600) == 3600)
        #expect(SyncSchedule.wait(after: runs([.failed, .ok]), frequency: 3600) == 60)
        #expect(SyncSchedule.wait(after: runs([.failed, .failed, .failed]), frequency: 3600) == 240)
        #expect(SyncSchedule.wait(after: runs(Array(repeating: .failed, count: 8)), frequency: 3600) == 3600)
        #expect(SyncSchedule.wait(after: runs([.partial]), frequency: 900) == 900, "a partial run is not retried sooner: its records are kept")
    }

    @Test("the first failure of a streak and the first success after it are told to the owner, the people notified and the IT partners")
    func notices() throws {
        let spec = SpecTemplate.defaultSpec
        var source = try #require(spec.sources.first { $0.id == "salesforce" })
        var sync = Self.sync
        sync.owner = "leo.fischer"
        source.sync = sync
        var run = SyncRun(id: 9, source: "salesforce", trigger: .schedule, holder: "h:1", startedAt: Instant(iso: "2026-11-22T10:00:00Z")!, stateBefore: nil)
        run.status = .failed
        run.error = "the tap exited 1"
        let failed = Notice.syncNotices(run, previous: .ok, source: source, spec: spec)
        #expect(failed.map(\.kind) == ["sync.failed"])
        let itPartners = spec.people.filter { $0.role == .itPartner }.map(\.id)
        #expect(failed[0].people == ["leo.fischer"] + source.notify.filter { $0 != "leo.fischer" } + itPartners.filter { !source.notify.contains($0) })
        #expect(failed[0].text.contains("The salesforce sync failed (run 9): the tap exited 1"))
        #expect(Notice.syncNotices(run, previous: nil, source: source, spec: spec).count == 1, "a first run that fails is told")
        #expect(Notice.syncNotices(run, previous: .failed, source: source, spec: spec).isEmpty, "once per streak")
        #expect(Notice.syncNotices(run, previous: .partial, source: source, spec: spec).isEmpty)
        run.status = .ok
        #expect(Notice.syncNotices(run, previous: .failed, source: source, spec: spec).map(\.kind) == ["sync.recovered"])
        #expect(Notice.syncNotices(run, previous: .ok, source: source, spec: spec).isEmpty)
        #expect(Notice.syncNotices(run, previous: nil, source: source, spec: spec).isEmpty)
    }
}
