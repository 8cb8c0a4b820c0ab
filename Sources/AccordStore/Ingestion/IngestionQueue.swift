import AccordCore
import Synchronization

/// Group commit: requests that arrive while a transaction is being written wait together and
/// go into the next one. Each request is answered only after the transaction holding its
/// messages has committed, so an acknowledged event is on disk.
public final class IngestionQueue: Sendable {
    private struct Waiting {
        var batch: IngestBatch
        var continuation: CheckedContinuation<IngestReceipt, any Error>
    }

    private struct State {
        var pending: [Waiting] = []
        var wake: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let store: any Store
    private let state = Mutex(State())
    /// Upper bound on messages per transaction, so one commit never holds the lock for long.
    public let maximumMessagesPerCommit: Int

    public init(store: any Store, maximumMessagesPerCommit: Int = 10_000) {
        self.store = store
        self.maximumMessagesPerCommit = maximumMessagesPerCommit
    }

    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the server is shutting down; retry against another replica or after restart" }
    }

    public func submit(_ batch: IngestBatch) async throws -> IngestReceipt {
        try await withCheckedThrowingContinuation { continuation in
            let wake: CheckedContinuation<Void, Never>?? = state.withLock { state in
                if state.closed { return .none }
                state.pending.append(Waiting(batch: batch, continuation: continuation))
                defer { state.wake = nil }
                return .some(state.wake)
            }
            switch wake {
            case .none: continuation.resume(throwing: Closed())
            case .some(let waiter): waiter?.resume()
            }
        }
    }

    /// Writes until `close()` is called and everything submitted before it is committed.
    public func run() async {
        while let work = await next() {
            do {
                let receipts = try await store.ingest(work.map(\.batch))
                for (waiting, receipt) in zip(work, receipts) { waiting.continuation.resume(returning: receipt) }
            } catch {
                for waiting in work { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    /// Stops taking new requests; `run()` returns once the queue is empty.
    public func close() {
        let waiter = state.withLock { state in
            state.closed = true
            defer { state.wake = nil }
            return state.wake
        }
        waiter?.resume()
    }

    private func take() -> [Waiting]? {
        state.withLock { state in
            if state.pending.isEmpty { return state.closed ? nil : [] }
            var count = 0
            var taken = 0
            for waiting in state.pending {
                if taken > 0, count + waiting.batch.entries.count > maximumMessagesPerCommit { break }
                count += waiting.batch.entries.count
                taken += 1
            }
            let work = Array(state.pending.prefix(taken))
            state.pending.removeFirst(taken)
            return work
        }
    }

    private func next() async -> [Waiting]? {
        while true {
            guard let work = take() else { return nil }
            if !work.isEmpty { return work }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if !state.pending.isEmpty || state.closed { return true }
                    state.wake = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
