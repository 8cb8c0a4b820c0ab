import Hummingbird
import Metrics
import NIOCore
import Prometheus

/// The process's metrics: swift-metrics is bootstrapped with a Prometheus backend once per
/// process, the first time a server is built; everything Accord counts goes there.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// `GET /metrics`: the Prometheus text format, for the operators' scraper (a token of a role that
/// reads the audit log: `authorization: {credentials: …}` in the scrape config).
struct PrometheusController {
    let registry: PrometheusCollectorRegistry

    func add(to routes: GuardedRoutes) {
        routes.get("/metrics", .allowed(.readAudit), use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: AccordRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
