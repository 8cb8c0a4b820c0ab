import AccordApp
import AccordCore
import Hummingbird
import Logging

/// The outermost middleware: every answer, errors and unknown routes included, carries the
/// security headers and the documented error body. A failure thrown by a handler or by the router
/// becomes JSON under `/api/`, Segment's `{"success": false}` under `/v1/`, and a page anywhere
/// else; a path that exists with another method is a 405 that names the methods it takes.
struct AnswerMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let registry: RouteRegistry
    let renderer: PageRenderer
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            // A route that is not there is answered before any other check, so a wrong method is a 405, not a 415 or a 401.
            guard registry.hasRoute(request.method, request.uri.path) else { throw HTTPError(.notFound) }
            // A declared length over what the route reads is refused before a byte of the body is read.
            let limit = Self.bodyLimit(request.uri.path)
            if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > Int64(limit) {
                throw Self.audience(of: request.uri.path) == .ingestion ? IngestionError.bodyTooLarge : APIError.tooLarge(limit)
            }
            response = try await next(request, context)
        } catch {
            response = answer(error, to: request, context: context)
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        return response
    }

    enum Audience { case api, ingestion, page }

    /// The most any route under this path reads: a Segment batch, an API body, a page's form.
    static func bodyLimit(_ path: String) -> Int {
        switch audience(of: path) {
        case .ingestion: SegmentEnvelope.maximumBatchBytes
        case .api: 64 * 1024
        case .page: 256 * 1024
        }
    }

    static func audience(of path: String) -> Audience {
        if path.hasPrefix("/v1/") { return .ingestion }
        if path.hasPrefix("/api/") || path == "/openapi.json" || path == "/health" || path == "/metrics" { return .api }
        return .page
    }

    func answer(_ error: any Error, to request: Request, context: Context) -> Response {
        let path = request.uri.path
        let audience = Self.audience(of: path)
        var failure: (status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields)
        switch error {
        case let api as APIError:
            failure = (api.status, api.code, api.message, api.headers)
        case let ingestion as IngestionError:
            if audience == .ingestion, let response = try? ingestion.response(from: request, context: context) { return response }
            failure = (ingestion.status, ingestion.code, ingestion.message, [:])
        case let http as HTTPError where http.status == .notFound && !registry.hasRoute(request.method, path):
            let methods = registry.methods(at: path)
            if methods.isEmpty {
                failure = (
                    .notFound, "not_found",
                    "there is no \(audience == .page ? "page" : "route") \(request.method.rawValue) \(path); \(audience == .page ? "start from /" : "the API is described at /openapi.json")",
                    [:]
                )
            } else {
                let allow = methods.joined(separator: ", ")
                failure = (.methodNotAllowed, "method_not_allowed", "\(path) takes \(allow), not \(request.method.rawValue)", [.allow: allow])
            }
        case let http as any HTTPResponseError:
            let status = http.status
            let message = (http as? HTTPError)?.body ?? status.reasonPhrase
            failure = (status, status == .contentTooLarge ? "too_large" : "http_\(status.code)", message, [:])
        default:
            logger.error("unexpected failure answering \(request.method) \(path): \(String(reflecting: error))")
            failure = (.internalServerError, "internal_error", "the server failed to answer this request; it is logged, and nothing was half-written", [:])
        }
        var response: Response
        switch audience {
        case .api:
            response =
                (try? APIError(status: failure.status, code: failure.code, message: failure.message).response(from: request, context: context))
                ?? Response(status: failure.status)
        case .ingestion:
            response =
                (try? IngestionError(status: failure.status, code: failure.code, message: failure.message).response(from: request, context: context))
                ?? Response(status: failure.status)
        case .page:
            let template = failure.status == .forbidden ? "forbidden" : failure.status == .notFound ? "not-found" : "problem"
            response = renderer.render(
                template, ["heading": failure.status.reasonPhrase, "message": Self.sentence(failure.message)], context: context, status: failure.status)
        }
        for field in failure.headers { response.headers[field.name] = field.value }
        return response
    }

    /// An API message as a page sentence: capitalised, with a full stop.
    static func sentence(_ message: String) -> String {
        guard let first = message.first else { return message }
        let text = first.uppercased() + message.dropFirst()
        return text.hasSuffix(".") ? text : text + "."
    }
}
