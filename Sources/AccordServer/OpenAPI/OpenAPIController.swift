import Hummingbird
import NIOCore

/// `/openapi.json`: the OpenAPI 3.1 document of the JSON API.
struct OpenAPIController {
    let document: OpenAPIDocument

    init(registry: RouteRegistry) {
        document = OpenAPIDocument(registry: registry)
    }

    func add(to routes: GuardedRoutes) {
        routes.get("/openapi.json", .open, use: serve)
    }

    @Sendable func serve(_ request: Request, context: AccordRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: document.json)))
    }
}
