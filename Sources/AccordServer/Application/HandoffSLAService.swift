import AccordCore
import Logging
import ServiceLifecycle

/// Raises SLA breaches as they happen rather than when someone looks: every `interval` it marks
/// each waiting handoff past its due time, once, which writes `handoff_sla_breached` to the log.
struct HandoffSLAService: Service {
    let desk: HandoffDesk
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // Shutdown cancels the wait at once rather than after a full interval.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await check()
                try await Task.sleep(for: interval)
            }
        }
    }

    func check() async {
        do {
            let breached = try await desk.raiseBreaches()
            for handoff in breached { logger.notice("handoff SLA breached", metadata: ["handoff": "\(handoff.id)", "transition": "\(handoff.handoff)"]) }
        } catch {
            logger.error("checking handoff SLAs failed: \(error)")
        }
    }
}
