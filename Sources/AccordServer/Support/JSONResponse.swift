import AccordApp
import AccordCore
import Foundation
import Hummingbird
import NIOCore

/// JSON out of every API route: snake_case keys like the spec, sorted for stable diffs.
enum JSON {
    static var encoder: JSONEncoder { APIJSON.encoder }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// An API failure that says what went wrong and how to fix it, as JSON with its status.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: #"Bearer realm="accord""#])
    }

    static func forbidden(_ message: String, code: String = "forbidden") -> APIError {
        APIError(status: .forbidden, code: code, message: message)
    }

    static func tooManyRequests(retryAfter seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: "rate_limited", message: "too many requests; try again in \(seconds) s",
            headers: [.retryAfter: String(seconds)])
    }

    static func unsupportedMediaType(_ expected: String) -> APIError {
        APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send the body as \(expected) (Content-Type: \(expected))")
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "too_large", message: "the request body is larger than the limit of \(Format.count(limit)) bytes")
    }

    static func badBody(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_body", message: message)
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: "\(name): \(message)")
    }

    /// The one mapping from a refused signature to its answer.
    init(_ failure: SignFailure) {
        switch failure {
        case .notLeaderOfFunction: self = .forbidden(failure.description)
        case .notDraft, .notASigner, .alreadySigned: self = APIError(status: .conflict, code: "conflict", message: failure.description)
        }
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSON.response(Body(error: .init(code: code, message: message)), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

extension JSON {
    /// A free-form JSON value as is (keys exactly as given, sorted).
    static func value(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: value.canonicalText)))
    }

    /// A request's JSON object body, at most `limit` bytes; every way it can be wrong is a 4xx that says how.
    static func object(_ request: Request, limit: Int = 64 * 1024) async throws -> [String: JSONValue] {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch { throw APIError.tooLarge(limit) }
        let value: JSONValue
        do { value = try JSONParser.parse(buffer.readableBytesView) } catch { throw APIError.badBody(error.description) }
        guard case .object(let object) = value else { throw APIError.badBody("the body must be a JSON object") }
        return object
    }
}

extension [String: JSONValue] {
    /// A text field; `required` ones missing are a 400 naming the field.
    func text(_ key: String, required: Bool = false) throws -> String? {
        switch self[key] {
        case nil, .null?:
            if required { throw APIError.badBody("'\(key)' is required") }
            return nil
        case .string(let value)?: return value
        default: throw APIError.badBody("'\(key)' must be a string")
        }
    }

    /// A number field, or nil when it is missing.
    func number(_ key: String) throws -> Double? {
        switch self[key] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        default: throw APIError.badBody("'\(key)' must be a number")
        }
    }

    /// Rejects fields the route does not know, so a typo is not silently ignored.
    func allowOnly(_ keys: Set<String>) throws {
        if let unknown = self.keys.sorted().first(where: { !keys.contains($0) }) {
            throw APIError.badBody("unknown field '\(unknown)'; allowed: \(keys.sorted().joined(separator: ", "))")
        }
    }
}
