import AccordApp
import AccordCore
import AccordStore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Posts pending webhook deliveries, each claimed first so no two replicas post it. A delivery
/// that fails (no answer, or not 2xx) is tried again after `retryBase`, doubling each time, up to
/// `maxAttempts`; then it is marked failed, with the last error kept for
/// `GET /api/v1/webhooks/deliveries?status=failed`.
struct WebhookDeliveryService: Service {
    let store: any WebhookStore
    let now: @Sendable () -> Instant
    let interval: Duration
    let retryBase: Duration
    let maxAttempts: Int
    /// Per attempt; the client keeps reconnecting to a refusing host until then.
    let timeout: Duration
    let logger: Logger
    /// The spec's `access.allow_private_webhooks`: otherwise a name that resolves to an address only
    /// this server reaches (or a webhook saved before the spec forbade it) is not posted to.
    var allowPrivateTargets = false

    func run() async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: Self.amount(timeout), read: Self.amount(timeout))))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue(client)
                try await Task.sleep(for: interval)
            }
        }
        try? await client.shutdown()
    }

    func deliverDue(_ client: HTTPClient) async {
        let due: [WebhookDelivery]
        // Claimed for well past an attempt's timeout: a replica that dies mid-send leaves them to another.
        let lease = max(60_000, 4 * timeout.milliseconds)
        do { due = try await store.claimDeliveries(at: now(), limit: 50, lease: lease) } catch {
            // Shutting down cancels the read; that is not a failure worth reporting.
            if !(error is CancellationError) { logger.error("reading webhook deliveries failed: \(error)") }
            return
        }
        // Several at once, so one slow receiver does not hold back the others.
        await withTaskGroup(of: Void.self) { group in
            for (index, delivery) in due.enumerated() {
                if index >= 8 { await group.next() }
                group.addTask { await attempt(delivery, client) }
            }
        }
    }

    func attempt(_ delivery: WebhookDelivery, _ client: HTTPClient) async {
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Accord-Webhooks")
        request.headers.add(name: "X-Accord-Delivery", value: String(delivery.id))
        request.headers.add(name: "X-Accord-Event", value: delivery.kind)
        request.body = .bytes(ByteBuffer(string: delivery.body))
        var failure: String?
        do {
            if !allowPrivateTargets, let refusal = await Self.privateTarget(delivery.url) { throw WebhookRefused(description: refusal) }
            let response = try await client.execute(request, timeout: Self.amount(timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(response.status.code) { failure = "HTTP \(response.status.code) \(response.status.reasonPhrase)" }
        } catch {
            failure = "\(error)"
        }
        let attempts = delivery.attempts + 1
        let at = now()
        var next: Instant?
        if failure != nil, attempts < maxAttempts {
            let wait = retryBase * (1 << min(attempts - 1, 20))
            next = Instant(milliseconds: at.milliseconds + Int64(Self.amount(wait).nanoseconds / 1_000_000))
        }
        if let failure { logger.warning("webhook delivery failed", metadata: ["delivery": "\(delivery.id)", "attempt": "\(attempts)", "error": "\(failure)"]) }
        try? await store.recordAttempt(delivery: delivery.id, delivered: failure == nil, error: failure, nextAttemptAt: next, at: at)
        OperationalMetrics.webhookAttempt(kind: delivery.kind, delivered: failure == nil)
    }

    struct WebhookRefused: Error, CustomStringConvertible { var description: String }

    /// Why the address a URL's host resolves to may not be posted to, or nil when every address is public.
    static func privateTarget(_ url: String) async -> String? {
        guard let host = URL(string: url)?.host else { return "'\(url)' has no host" }
        if let refusal = WebhookTarget.refusal(host: host) { return "\(refusal); set access.allow_private_webhooks: true to allow it" }
        let addresses = (try? await NIOThreadPool.singleton.runIfActive { Self.resolve(host) }) ?? []
        for address in addresses {
            if let refusal = WebhookTarget.refusal(host: address) {
                return "\(host) resolves to \(refusal); set access.allow_private_webhooks: true to allow it"
            }
        }
        return nil
    }

    /// The numeric addresses a name resolves to (blocking, so run on the thread pool).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
