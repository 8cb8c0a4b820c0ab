import AccordApp
import AccordStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Checks every state-changing request before a handler sees it:
/// - its body has the content type the route reads (415 otherwise);
/// - when it is authenticated by the session cookie, it carries that session's CSRF token, in the
///   `X-CSRF-Token` header or a `csrf_token` form field (403 otherwise). Bearer-token requests carry
///   no ambient credential, so they need none.
struct RequestChecksMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let formLimit = 64 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method) else { return try await next(request, context) }
        var request = request
        let path = request.uri.path
        let mediaType = request.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        let isForm = mediaType == "application/x-www-form-urlencoded"
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        if path.hasPrefix("/api/") {
            // A JSON body without a declared type is read as JSON; any other declared type is refused.
            if hasBody, let mediaType, mediaType != "application/json" { throw APIError.unsupportedMediaType("application/json") }
        } else if hasBody, !isForm {
            throw APIError.unsupportedMediaType("application/x-www-form-urlencoded")
        }
        if let session = context.session {
            var presented = request.headers[Self.csrfHeader]
            if presented == nil, isForm {
                let body: ByteBuffer
                do { body = try await request.collectBody(upTo: Self.formLimit) } catch { throw APIError.tooLarge(Self.formLimit) }
                presented = FormFields(body).value("csrf_token")
            }
            guard let presented, Secrets.constantTimeEquals(presented, session.csrfToken) else {
                throw APIError.forbidden("this request changes something but lacks the page's CSRF token; reload the page and try again", code: "csrf")
            }
        }
        return try await next(request, context)
    }
}

/// `application/x-www-form-urlencoded` fields.
struct FormFields {
    var fields: [(String, String)] = []

    init(_ body: ByteBuffer) {
        let text = String(buffer: body)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    func value(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    /// Every value of a repeated field (checked boxes), in form order.
    func values(_ name: String) -> [String] { fields.filter { $0.0 == name }.map(\.1) }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}
