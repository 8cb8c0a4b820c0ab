import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow the event log, and replay events kept aside once the spec accepts them.",
        subcommands: [Tail.self, Replay.self])

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print events as they are committed, until interrupted.")

        @Option(help: "Only this source.") var source: String?
        @Option(help: "Only this event name.") var name: String?
        @Option(help: "Only this account id.") var account: String?
        @Option(help: "Start with the last N events already on the log.") var last = 10
        @Flag(help: "One JSON object per line instead of text.") var json = false
        @Option(help: ArgumentHelp("Stop after this many events (default: follow forever).", visibility: .hidden)) var count: Int?

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                var query = EventQuery(accountID: account, name: name, source: source, limit: 500)
                // Find where to start: the last N matching events.
                var position: Int64 = 0
                var recent: [LoggedEvent] = []
                while true {
                    query.after = position
                    let page = try await storeCall { try await store.events(query) }
                    recent = Array((recent + page.events).suffix(last))
                    position = page.lastSeq ?? position
                    if page.nextCursor == nil { break }
                }
                var printed = 0
                func emit(_ events: [LoggedEvent]) -> Bool {
                    for logged in events {
                        Console.out(json ? Self.jsonLine(logged) : Self.textLine(logged))
                        printed += 1
                        if let count, printed >= count { return false }
                    }
                    return true
                }
                guard emit(recent) else { return }
                while true {
                    query.after = position
                    let page = try await storeCall { try await store.events(query) }
                    guard emit(page.events) else { return }
                    position = page.lastSeq ?? position
                    if page.nextCursor == nil { try await Task.sleep(for: .milliseconds(250)) }
                }
            }
        }

        static func textLine(_ logged: LoggedEvent) -> String {
            let e = logged.event
            let who = e.accountID ?? e.groupID.map { "group \($0)" } ?? e.userID.map { "user \($0)" } ?? e.anonymousID.map { "anon \($0)" } ?? "-"
            let flag = e.planStatus.map { $0 == .planned ? "" : "  [\($0.rawValue)]" } ?? ""
            return
                "\(e.timestamp.iso)  \(e.source)  \([.track, .page, .screen].contains(e.type) ? e.name : e.type.rawValue)  \(who)  \(e.properties.canonicalText)\(flag)"
        }

        static func jsonLine(_ logged: LoggedEvent) -> String {
            let e = logged.event
            var object: [String: JSONValue] = [
                "seq": .number(Double(logged.seq)), "message_id": .string(e.messageID), "type": .string(e.type.rawValue),
                "name": .string(e.name), "source": .string(e.source), "timestamp": .string(e.timestamp.iso),
                "received_at": .string(e.receivedAt.iso), "properties": e.properties,
            ]
            if let account = e.accountID { object["account_id"] = .string(account) }
            if let user = e.userID { object["user_id"] = .string(user) }
            if let status = e.planStatus { object["plan_status"] = .string(status.rawValue) }
            return JSONValue.object(object).canonicalText
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every kept-aside event against the current spec; move those that now pass into the log.")

        @Flag(help: "Only report what would move.") var dryRun = false

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let (spec, origin) = try files.loadSpec(fallback: false)
                let store = try await files.openStore()
                // The taxonomy in effect: approved proposals included, as ingestion checks it.
                let plan = try await storeCall { try await LiveTaxonomy(spec: spec.taxonomy, store: store).plan() }
                var after: Int64?
                var moved = 0
                var still = 0
                var reasons: [String: Int] = [:]
                let total = try await storeCall { try await store.failedEvents(FailedEventQuery(limit: 1)) }.total
                let progress = ProgressLine("Checking kept-aside events")
                var checked = 0
                while true {
                    let page = try await storeCall { try await store.failedEvents(FailedEventQuery(after: after, limit: 500)) }
                    var moves: [FailedEventMove] = []
                    for kept in page.failedEvents {
                        let failed = kept.failed
                        guard case let .object(message) = failed.payload,
                            let parsed = try? SegmentEnvelope.message(
                                message, index: nil, impliedType: failed.type, batchSentAt: nil, source: failed.source, receivedAt: failed.receivedAt)
                        else {
                            still += 1
                            continue
                        }
                        switch plan.classify(parsed) {
                        case .accept(let event): moves.append(FailedEventMove(seq: kept.seq, event: event))
                        case .quarantine(let again):
                            still += 1
                            for reason in again.reasons { reasons[reason, default: 0] += 1 }
                        }
                    }
                    if !dryRun, !moves.isEmpty {
                        moved += try await storeCall { try await store.resolveFailedEvents(moves) }
                    } else {
                        moved += moves.count
                    }
                    checked += page.failedEvents.count
                    if total > 0 { progress.update(checked, of: total) }
                    guard let cursor = page.nextCursor, let next = Int64(cursor) else { break }
                    after = next
                }
                let verb = dryRun ? "would move" : "moved"
                Console.out(
                    "Checked \(Format.count(moved + still)) kept-aside events against \(origin): \(verb) \(Format.count(moved)) into the log, \(Format.count(still)) still fail."
                )
                for (reason, count) in reasons.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(10) {
                    Console.out("  \(Format.count(count))× \(reason)")
                }
            }
        }
    }
}
