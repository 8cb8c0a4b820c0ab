import AccordApp
import AccordCore
import AccordStore
import Logging
import ServiceLifecycle

/// Raises SLA breaches as they happen rather than when someone looks: every `interval` it marks
/// each waiting handoff past its due time, once, which writes `handoff_sla_breached` to the log.
/// It also writes outcome crossings, every `outcomeInterval`. Each run is claimed in the database
/// first, so of several replicas one runs it, and another takes over when that one is gone.
struct HandoffSLAService: Service {
    let desk: HandoffDesk
    let reports: HandoffReportDesk
    let jobs: any JobStore
    let interval: Duration
    let logger: Logger
    var today: @Sendable () -> Day = { .today }
    var outcomeInterval: Duration = .seconds(3600)
    var replicaID = ServerConfiguration.defaultReplicaID()

    func run() async throws {
        // Shutdown cancels the wait at once rather than after a full interval.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await claim("outcome-crossings", every: outcomeInterval) { await emitOutcomes() }
                if await claim("handoff-sla", every: interval) { await check() }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Whether this replica runs the job now. A run started within the last 90% of an interval
    /// belongs to someone (a sleep is never exact, so a little less than the interval counts).
    func claim(_ job: String, every: Duration) async -> Bool {
        do {
            return try await jobs.claimJob(job, holder: replicaID, at: desk.now(), every: every.milliseconds * 9 / 10)
        } catch {
            if !(error is CancellationError) { logger.error("claiming background job \(job) failed: \(error)") }
            return false
        }
    }

    func emitOutcomes() async {
        do {
            let added = try await reports.emitOutcomeEvents(asOf: today())
            if added > 0 { logger.notice("outcome crossings written to the log", metadata: ["events": "\(added)"]) }
            OperationalMetrics.jobRun("outcome-crossings", outcome: "ok")
        } catch {
            if !(error is CancellationError) {
                logger.error("measuring outcomes failed: \(error)")
                OperationalMetrics.jobRun("outcome-crossings", outcome: "failed")
            }
        }
    }

    func check() async {
        do {
            let breached = try await desk.raiseBreaches()
            for handoff in breached { logger.notice("handoff SLA breached", metadata: ["handoff": "\(handoff.id)", "transition": "\(handoff.handoff)"]) }
            OperationalMetrics.jobRun("handoff-sla", outcome: "ok")
        } catch {
            if !(error is CancellationError) {
                logger.error("checking handoff SLAs failed: \(error)")
                OperationalMetrics.jobRun("handoff-sla", outcome: "failed")
            }
        }
    }
}
