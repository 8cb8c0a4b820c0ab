import AccordApp
import AccordStore
import ServiceLifecycle

/// Runs the group-commit writer beside the HTTP server. On shutdown it stops taking requests
/// and finishes writing what it has already accepted.
struct IngestionService: Service {
    let queue: IngestionQueue

    func run() async throws {
        // Closed on graceful shutdown, and also on cancellation (the server failed to start, say),
        // or the writer would wait for work forever.
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await queue.run()
            } onGracefulShutdown: {
                queue.close()
            }
        } onCancel: {
            queue.close()
        }
    }
}
