import AccordApp
import AccordCore
import AccordStore
import Logging
import ServiceLifecycle

/// Evaluates every play each `interval` (an hour by default), claimed in the database first so
/// of several replicas one runs it. A spec without playbooks runs nothing.
struct PlayService: Service {
    let desk: PlayDesk
    let jobs: any JobStore
    let interval: Duration
    let logger: Logger
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant
    let replicaID: String

    func run() async throws {
        guard !desk.spec.playbooks.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await evaluate()
                try await Task.sleep(for: interval)
            }
        }
    }

    func evaluate() async {
        do {
            guard try await jobs.claimJob("plays", holder: replicaID, at: now(), every: interval.milliseconds * 9 / 10) else { return }
            let plan = try await desk.evaluate(asOf: today(), now: now(), actor: "accord", origin: "local")
            if !plan.runs.isEmpty {
                logger.notice("plays started", metadata: ["runs": "\(plan.runs.count)", "tasks": "\(plan.tasks.count)", "released": "\(plan.released.count)"])
            }
            OperationalMetrics.jobRun("plays", outcome: "ok")
        } catch {
            if !(error is CancellationError) {
                logger.error("evaluating plays failed: \(error)")
                OperationalMetrics.jobRun("plays", outcome: "failed")
            }
        }
    }
}
