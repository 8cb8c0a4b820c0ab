import AccordApp
import AccordCore
import AccordStore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs each source's tap at its frequency. A run is claimed in the database first, so of several
/// replicas one runs it; a source's runs never overlap. After a failed run the next comes sooner,
/// doubling from a minute up to the frequency, so a passing outage costs little and a lasting one
/// is not hammered.
struct SyncService: Service {
    let desk: SyncDesk
    let runner: TapRunner
    let jobs: any JobStore
    let interval: Duration
    let logger: Logger
    let replicaID: String
    let running = RunningSources()

    func run() async throws {
        // A service that returns ends the whole server: with nothing to sync or to watch, this one waits for shutdown.
        guard desk.spec.sources.contains(where: { $0.sync?.streams.isEmpty == false }) else {
            try? await gracefulShutdown()
            return
        }
        // Shutdown cancels the wait at once; runs under way end with their last commit.
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for source in desk.syncedSources where !running.contains(source.id) {
                        guard await claim(source) else { continue }
                        running.insert(source.id)
                        group.addTask { await sync(source.id) }
                    }
                    await checkStale()
                    try await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Whether this replica runs the source's tap now.
    func claim(_ source: SourceDefinition) async -> Bool {
        do {
            let now = desk.now()
            guard let every = SyncSchedule.claimWindow(source, after: try await desk.store.syncRuns(source: source.id, limit: 8), at: now) else {
                return false
            }
            return try await jobs.claimJob("sync:\(source.id)", holder: replicaID, at: now, every: every)
        } catch {
            if !(error is CancellationError) { logger.error("claiming the sync of \(source.id) failed: \(error)") }
            return false
        }
    }

    /// One replica tells the people of stale sources, once per check interval.
    func checkStale() async {
        do {
            guard try await jobs.claimJob("sync-stale", holder: replicaID, at: desk.now(), every: interval.milliseconds * 9 / 10) else { return }
            for source in try await desk.checkStale() { logger.warning("sync is stale", metadata: ["source": "\(source)"]) }
            OperationalMetrics.jobRun("sync-stale", outcome: "ok")
        } catch {
            if !(error is CancellationError) {
                logger.error("checking for stale syncs failed: \(error)")
                OperationalMetrics.jobRun("sync-stale", outcome: "failed")
            }
        }
    }

    func sync(_ id: String) async {
        defer { running.remove(id) }
        do {
            let run = try await runner.run(id, trigger: .schedule)
            let level: Logger.Level = run.status == .ok ? .info : .warning
            logger.log(level: level, "sync run ended", metadata: ["source": "\(id)", "run": "\(run.id)", "status": "\(run.status.rawValue)"])
            OperationalMetrics.jobRun("sync", outcome: run.status.rawValue)
        } catch {
            if !(error is CancellationError) {
                logger.error("the sync of \(id) could not run: \(error)")
                OperationalMetrics.jobRun("sync", outcome: "failed")
            }
        }
    }
}

/// The sources whose tap this replica is running now.
final class RunningSources: Sendable {
    private let ids = Mutex<Set<String>>([])

    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
    func insert(_ id: String) { ids.withLock { _ = $0.insert(id) } }
    func remove(_ id: String) { ids.withLock { _ = $0.remove(id) } }
}
