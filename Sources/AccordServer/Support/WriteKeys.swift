public import AccordStore
import Crypto
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

    private let store: any Store
    private let snapshot = Mutex(Snapshot())
    private let refreshInterval: Duration

    public init(store: any Store, refreshInterval: Duration = .seconds(2)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// A new random key: `wk_` and 40 characters from a cryptographically secure generator.
    public static func generate() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "wk_" + String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
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
        for key in keys where Self.constantTimeEquals(Array(key.keyHash.utf8), presented) { match = key }
        return match
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
