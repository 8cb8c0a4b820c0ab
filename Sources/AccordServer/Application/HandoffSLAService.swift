import AccordCore
import Logging
import ServiceLifecycle

/// Raises SLA breaches as they happen rather than when someone looks: every `interval` it marks
/// each waiting handoff past its due time, once, which writes `handoff_sla_breached` to the log.
struct HandoffSLAService: Service {
    let desk: HandoffDesk
    let interval: Duration
    let logger: Logger
    /// Outcome crossings are looked for at start and then hourly: they move with usage weeks, not minutes.
    var today: @Sendable () -> Day = { .today }
    var outcomeInterval: Duration = .seconds(3600)

    func run() async throws {
        // Shutdown cancels the wait at once rather than after a full interval.
        try? await cancelWhenGracefulShutdown {
            var lastOutcomes: ContinuousClock.Instant?
            while !Task.isCancelled {
                if lastOutcomes.map({ ContinuousClock.now - $0 >= outcomeInterval }) ?? true {
                    await emitOutcomes()
                    lastOutcomes = ContinuousClock.now
                }
                await check()
                try await Task.sleep(for: interval)
            }
        }
    }

    func emitOutcomes() async {
        do {
            let added = try await HandoffReporting(spec: desk.spec, store: desk.store).emitOutcomeEvents(asOf: today())
            if added > 0 { logger.notice("outcome crossings written to the log", metadata: ["events": "\(added)"]) }
        } catch {
            if !(error is CancellationError) { logger.error("measuring outcomes failed: \(error)") }
        }
    }

    func check() async {
        do {
            let breached = try await desk.raiseBreaches()
            for handoff in breached { logger.notice("handoff SLA breached", metadata: ["handoff": "\(handoff.id)", "transition": "\(handoff.handoff)"]) }
        } catch {
            if !(error is CancellationError) { logger.error("checking handoff SLAs failed: \(error)") }
        }
    }
}
