public import AccordCore
public import AccordStore
import Foundation
import Synchronization

/// Write keys: made here, stored only as SHA-256 hashes, checked in constant time. The server
/// keeps a snapshot of the hashes and rereads it at most every two seconds, so a key added or
/// rotated with the CLI works (or stops working) within that time without a restart.
public final class WriteKeys: Sendable {
    private struct Snapshot {
        var keys: [SourceKey] = []
        var loadedAt: ContinuousClock.Instant?
    }

    private let store: any IngestionStore
    private let snapshot = Mutex(Snapshot())
    private let refreshInterval: Duration

    public init(store: any IngestionStore, refreshInterval: Duration = .seconds(2)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// A new random key: `wk_` and 40 characters from a cryptographically secure generator.
    public static func generate() -> String { "wk_" + Secrets.random(40) }

    public static func hash(_ key: String) -> String { Secrets.hash(key) }

    /// A source's key replaced by a new one; the new key's text is answered once, beside it.
    public static func rotate(_ existing: SourceKey, at: Instant) -> (key: SourceKey, secret: String) {
        let secret = generate()
        var rotated = existing
        rotated.keyHash = hash(secret)
        rotated.hint = String(secret.suffix(4))
        rotated.rotatedAt = at
        return (rotated, secret)
    }

    /// The source a presented key belongs to, or nil.
    public func source(for key: String) async throws -> SourceKey? {
        let presented = Array(Self.hash(key).utf8)
        let now = ContinuousClock.now
        let stale = snapshot.withLock { $0.loadedAt.map { now - $0 > refreshInterval } ?? true }
        if stale {
            let keys = try await store.sourceKeys()
            snapshot.withLock { $0 = Snapshot(keys: keys, loadedAt: now) }
        }
        let keys = snapshot.withLock { $0.keys }
        var match: SourceKey?
        // Every stored hash is compared in full, so timing says nothing about which one matched.
        for key in keys where Secrets.constantTimeEquals(Array(key.keyHash.utf8), presented) { match = key }
        return match
    }
}
