import AccordApp
import Hummingbird
import Synchronization

/// Token buckets per key: `rate` requests a second on average, bursts up to `burst`.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let rate: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes one request's token; when none is left, answers how long until one is.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            // Idle buckets are full again anyway; forget them so the table stays small.
            if buckets.count > 10_000 {
                buckets = buckets.filter { (now - $0.value.updated) < .seconds(burst / rate) }
            }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = elapsed.seconds
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return .seconds((1 - bucket.tokens) / rate) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Throws a 429 with Retry-After when the key is over its rate.
    func check(_ key: String) throws {
        if let wait = take(key) { throw APIError.tooManyRequests(retryAfter: Self.retryAfter(wait)) }
    }

    /// A wait as the Retry-After header gives it: whole seconds, rounded up, at least 1.
    static func retryAfter(_ wait: Duration) -> Int {
        max(1, Int(wait.seconds.rounded(.up)))
    }
}

/// Limits each caller of the API and pages: a token or person by identity, anyone else by address.
/// Ingestion has its own limit per source (IngestionController).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try limiter.check(context.identity?.auditName ?? "address:\(context.origin)")
        return try await next(request, context)
    }
}
