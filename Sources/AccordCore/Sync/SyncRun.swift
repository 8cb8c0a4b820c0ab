/// One run of a source's tap (or one `accord load` of a Singer stream), as the sync log keeps it.
public struct SyncRun: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case running
        /// Every stream the spec reads arrived and nothing was rejected.
        case ok
        /// The tap finished, but a stream it should send did not arrive or records were rejected.
        case partial
        /// The tap failed, timed out, broke the protocol or sent nothing of what the spec reads.
        case failed
    }

    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        /// `accord serve` ran it at the source's frequency.
        case schedule
        /// A person asked: `accord sync run` or the API.
        case manual
        /// Singer messages on `accord load`'s stdin (Meltano or a pipe).
        case load
        /// The raw records mapped again after a mapping changed (`accord sync remap`); no tap runs.
        case remap
    }

    public var id: Int64
    public var source: String
    public var trigger: Trigger
    /// The process running it: host and process id, so a run whose process died is recognised.
    public var holder: String
    public var startedAt: Instant
    public var endedAt: Instant?
    public var status: Status
    /// Per stream: what arrived and what became of it.
    public var streams: [String: StreamCounts]
    public var stateBefore: JSONValue?
    public var stateAfter: JSONValue?
    public var exitCode: Int?
    public var error: String?
    /// The last lines the tap wrote to stderr, secrets redacted.
    public var stderrTail: String?
    /// What did not add up without failing the run: a tap's own METRIC count of a stream that
    /// differs from the records Accord read, say.
    public var warnings: [String] = []

    public init(id: Int64, source: String, trigger: Trigger, holder: String, startedAt: Instant, stateBefore: JSONValue?) {
        self.id = id
        self.source = source
        self.trigger = trigger
        self.holder = holder
        self.startedAt = startedAt
        self.status = .running
        self.streams = [:]
        self.stateBefore = stateBefore
    }
}

public struct StreamCounts: Sendable, Hashable, Codable {
    public var read = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    public var deleted = 0
    /// Records that may be an existing account: kept for a person to decide (identity reviews).
    public var toReview = 0

    public init() {}

    public static func + (a: StreamCounts, b: StreamCounts) -> StreamCounts {
        var sum = a
        sum.read += b.read
        sum.created += b.created
        sum.updated += b.updated
        sum.unchanged += b.unchanged
        sum.rejected += b.rejected
        sum.deleted += b.deleted
        sum.toReview += b.toReview
        return sum
    }
}

/// How the tap ended, as the runner saw it.
public struct TapExit: Sendable, Hashable {
    public var code: Int?
    public var timedOut = false
    /// A line that was not a Singer message, or a message that broke the protocol: reading stopped there.
    public var protocolProblem: String?
    /// The tap could not be started at all: why.
    public var notStarted: String?
    /// Accord stopped during the run (the server shut down), and the tap with it.
    public var interrupted = false

    public init(code: Int?, timedOut: Bool = false, protocolProblem: String? = nil, notStarted: String? = nil, interrupted: Bool = false) {
        self.code = code
        self.timedOut = timedOut
        self.protocolProblem = protocolProblem
        self.notStarted = notStarted
        self.interrupted = interrupted
    }
}

/// A sync run's lifecycle: running, then ok, partial or failed once. Everything committed before
/// the end stays committed with its state, so a failed run is resumed by the next from there.
public enum SyncRunStateMachine {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case alreadyFinished(id: Int64, status: SyncRun.Status)

        public var description: String {
            switch self {
            case .alreadyFinished(let id, let status): "sync run \(id) is already \(status.rawValue)"
            }
        }
    }

    /// A run whose process stopped without ending it (killed, or the machine went down): failed.
    /// What it committed stays, with its state; the next run resumes from there.
    public static func abandon(_ run: SyncRun, at: Instant) throws(Failure) -> SyncRun {
        guard run.status == .running else { throw .alreadyFinished(id: run.id, status: run.status) }
        var abandoned = run
        abandoned.status = .failed
        abandoned.endedAt = at
        abandoned.error =
            "the process running it (\(run.holder)) stopped before the run ended; what it committed is kept, and the next run resumes from its last state"
        return abandoned
    }

    /// The finished run: its status and, when it is not ok, a sentence saying why and what to do.
    public static func finish(
        _ run: SyncRun, exit: TapExit, expected: [String], quotaExitCodes: [Int] = [], stateAfter: JSONValue?, at: Instant
    ) throws(Failure) -> SyncRun {
        guard run.status == .running else { throw .alreadyFinished(id: run.id, status: run.status) }
        var finished = run
        finished.endedAt = at
        finished.exitCode = exit.code
        finished.stateAfter = stateAfter
        let arrived = Set(run.streams.keys)
        let absent = expected.filter { !arrived.contains($0) }
        let rejected = run.streams.values.reduce(0) { $0 + $1.rejected }
        if let reason = exit.notStarted {
            finished.status = .failed
            finished.error = reason
        } else if exit.interrupted {
            finished.status = .failed
            finished.error = "Accord stopped during the run, and the tap with it; the next run resumes from the last committed state"
        } else if exit.timedOut {
            finished.status = .failed
            finished.error = "the tap ran past its timeout and was stopped; what it sent before its last state is kept, and the next run resumes from there"
        } else if let problem = exit.protocolProblem {
            finished.status = .failed
            finished.error = "the tap broke the Singer protocol (\(problem)); nothing after its last state was kept"
        } else if let code = exit.code, code != 0 {
            finished.status = .failed
            finished.error =
                quotaExitCodes.contains(code)
                ? "the tap exited \(code): the system's API quota is used up; the next run resumes from the last state"
                : "the tap exited \(code); its stderr below says why. What it sent before its last state is kept"
        } else if !expected.isEmpty, arrived.isDisjoint(with: expected) {
            finished.status = .failed
            finished.error =
                "the tap finished without sending any stream the spec reads (\(expected.joined(separator: ", "))); check its catalog and catalog_flag (older taps read --properties, not --catalog)"
        } else if !absent.isEmpty || rejected > 0 {
            finished.status = .partial
            finished.error = [
                absent.isEmpty ? nil : "no records or schema arrived for \(absent.joined(separator: ", "))",
                rejected == 0
                    ? nil : "\(rejected) record\(rejected == 1 ? " was" : "s were") rejected (kept with the reason; replay them after fixing the mapping)",
            ].compactMap { $0 }.joined(separator: "; ")
        } else {
            finished.status = .ok
        }
        return finished
    }
}
