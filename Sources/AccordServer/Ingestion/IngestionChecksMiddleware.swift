import Hummingbird

/// What the ingestion routes check before the controller reads a batch: the body is JSON, as
/// Segment's clients send it, or text/plain, as browsers' beacons send it to avoid a preflight.
struct IngestionChecksMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let mediaType = request.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        if let mediaType, !["application/json", "text/plain"].contains(mediaType) {
            throw IngestionError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "send the batch as JSON (Content-Type: application/json), not \(mediaType)")
        }
        return try await next(request, context)
    }
}
