import AccordApp
import AccordCore
import AccordStore
import Logging
import ServiceLifecycle

/// Reminds the rituals' people through the webhooks before each meeting, checked every
/// `interval`; the store sends each meeting's reminder once, whichever replica checks first.
struct RitualService: Service {
    let desk: ProgramDesk
    let jobs: any JobStore
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Instant
    let replicaID: String

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await remind()
                try await Task.sleep(for: interval)
            }
        }
    }

    func remind() async {
        do {
            guard try await jobs.claimJob("rituals", holder: replicaID, at: now(), every: interval.milliseconds * 9 / 10) else { return }
            for meeting in try await desk.remindRituals(now: now()) {
                logger.notice("ritual reminder sent", metadata: ["ritual": "\(meeting.ritual.rawValue)", "at": "\(meeting.at.iso)"])
            }
            OperationalMetrics.jobRun("rituals", outcome: "ok")
        } catch {
            if !(error is CancellationError) {
                logger.error("sending ritual reminders failed: \(error)")
                OperationalMetrics.jobRun("rituals", outcome: "failed")
            }
        }
    }
}
