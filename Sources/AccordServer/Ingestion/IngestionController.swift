import AccordApp
import AccordCore
import AccordStore
import CompressNIO
import Foundation
import Hummingbird
import NIOCore

/// The Segment-compatible front door: `/v1/batch`, `/v1/track`, `/v1/identify`, `/v1/group`,
/// `/v1/page`, `/v1/screen`, `/v1/alias`. Real Segment and RudderStack SDKs work against it unchanged.
struct IngestionController {
    let queue: IngestionQueue
    let keys: WriteKeys
    let taxonomy: LiveTaxonomy
    let mappings: [String: TraitMapping]
    let defaultSegment: String
    let now: @Sendable () -> Instant
    let limiter: RateLimiter

    init(configuration: ServerConfiguration, queue: IngestionQueue, keys: WriteKeys, taxonomy: LiveTaxonomy) {
        self.queue = queue
        limiter = RateLimiter(rate: configuration.limits.ingestionBatchesPerSecond, burst: configuration.limits.ingestionBurst)
        self.keys = keys
        self.taxonomy = taxonomy
        mappings = Dictionary(configuration.spec.sources.map { ($0.id, TraitMapping(source: $0)) }, uniquingKeysWith: { first, _ in first })
        defaultSegment = configuration.spec.segments.first?.id ?? "unassigned"
        now = configuration.now
    }

    func add(to routes: GuardedRoutes) {
        routes.post("/v1/batch", .writeKey, use: batch)
        for call in SegmentCall.allCases {
            routes.post("/v1/\(call.rawValue)", .writeKey) { request, context in try await ingest(request, context: context, call: call) }
        }
    }

    /// Many messages of any kind, as Segment's libraries send them.
    @Sendable func batch(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await ingest(request, context: context, call: nil)
    }

    private func ingest(_ request: Request, context: AccordRequestContext, call: SegmentCall?) async throws -> Response {
        let receivedAt = now()
        let body = try await bodyBytes(request)
        let headerKey = basicUser(request.headers[.authorization])
        let value: JSONValue
        do {
            value = try JSONParser.parse(body.readableBytesView)
        } catch {
            throw IngestionError(status: .badRequest, code: "invalid_json", message: error.description)
        }
        guard let key = headerKey ?? SegmentEnvelope.writeKey(in: value), !key.isEmpty else {
            throw IngestionError(
                status: .unauthorized, code: "unauthorized",
                message: "missing write key: send it as the HTTP Basic user name (empty password) or as writeKey in the body")
        }
        guard let source = try await keys.source(for: key) else {
            throw IngestionError(
                status: .unauthorized, code: "unauthorized", message: "unknown write key; create one with 'accord source add NAME --system SYSTEM'")
        }
        if let wait = limiter.take("source:\(source.source)") {
            let seconds = RateLimiter.retryAfter(wait)
            throw IngestionError(
                status: .tooManyRequests, code: "rate_limited", message: "source '\(source.source)' is sending faster than its limit; retry in \(seconds) s",
                retryAfter: seconds)
        }
        let messages: [ParsedMessage]
        do {
            messages = try SegmentEnvelope.messages(in: value, call: call, source: source.source, receivedAt: receivedAt)
        } catch {
            throw IngestionError(status: .badRequest, code: error.code, message: error.description)
        }
        let mapping = mappings[source.source] ?? TraitMapping(source: nil)
        let plan = try await taxonomy.plan()
        let entries = messages.map { message in
            IngestBatch.Entry(
                item: plan.classify(message), update: mapping.update(for: message.event), propertiesText: message.propertiesText,
                contextText: message.contextText)
        }
        do {
            _ = try await queue.submit(IngestBatch(entries: entries, defaultSegment: defaultSegment))
        } catch let error as IngestionQueue.Closed {
            throw IngestionError(status: .serviceUnavailable, code: "unavailable", message: error.description)
        }
        OperationalMetrics.ingested(source: source.source, events: entries.count)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"success":true}"#)))
    }

    /// The body, decompressed if gzip, never more than the batch limit.
    private func bodyBytes(_ request: Request) async throws -> ByteBuffer {
        let limit = SegmentEnvelope.maximumBatchBytes
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw IngestionError.bodyTooLarge
        }
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "", "identity":
            return buffer
        case "gzip", "x-gzip":
            // The inflater stops quietly where a cut-short body ends; gzip's last four bytes give the whole length, so a cut shows.
            let bytes = buffer.readableBytesView
            let declared = bytes.count < 18 ? nil : bytes.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let decompressed: ByteBuffer
            do {
                // A ceiling on the decompressed size stops gzip bombs.
                decompressed = try buffer.decompress(with: .gzip, maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw IngestionError(
                    status: .contentTooLarge, code: "too_large",
                    message: "the batch decompresses to more than the limit of 500 KB (\(Format.count(limit)) bytes) per batch")
            } catch {
                throw IngestionError(status: .badRequest, code: "invalid_gzip", message: "the body says Content-Encoding: gzip but is not valid gzip")
            }
            guard declared == UInt32(truncatingIfNeeded: decompressed.readableBytes) else {
                throw IngestionError(
                    status: .badRequest, code: "invalid_gzip", message: "the gzip body is cut short (it is not whole); send the whole body again")
            }
            return decompressed
        case let other?:
            throw IngestionError(
                status: .unsupportedMediaType, code: "unsupported_encoding", message: "Content-Encoding '\(other)' is not supported; send gzip or no encoding")
        }
    }

    /// The user name of an HTTP Basic credential: Segment puts the write key there.
    private func basicUser(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("basic ") else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        return String(text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// Ingestion errors in the shape Segment clients read: `{"success": false, "code": ..., "message": ...}`.
struct IngestionError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var retryAfter: Int? = nil

    static let bodyTooLarge = IngestionError(
        status: .contentTooLarge, code: "too_large",
        message: "the request body is larger than the limit of 500 KB (\(Format.count(SegmentEnvelope.maximumBatchBytes)) bytes) per batch")

    private struct Body: Encodable {
        var success = false
        var code: String
        var message: String
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        OperationalMetrics.ingestionRefused(code: code)
        var response = try JSON.response(Body(code: code, message: message), status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
