import AccordApp
import AccordCore
import Logging
import ServiceLifecycle

/// Keeps the dashboard snapshot current while someone is looking at it, so that a request
/// after new data rarely waits for the figures to be computed.
struct DashboardRefreshService: Service {
    let snapshots: DashboardSnapshots
    let interval: Duration
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await snapshots.refreshIfWatched(asOf: today(), now: now)
                    OperationalMetrics.jobRun("dashboard-refresh", outcome: "ok")
                } catch {
                    if !(error is CancellationError) {
                        logger.error("computing the dashboard failed: \(error)")
                        OperationalMetrics.jobRun("dashboard-refresh", outcome: "failed")
                    }
                }
            }
        }
    }
}
