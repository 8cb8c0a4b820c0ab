import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The audit log as JSON and as a page. Read-only by construction: there is no route that changes it.
struct AuditController {
    let store: any AccessStore & RecordStore
    let renderer: PageRenderer

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/audit", .allowed(.readAudit), use: entries)
        routes.get("/audit", .allowed(.readAudit), page: true, use: auditPage)
    }

    @Sendable func entries(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await store.audit(try Self.query(request)))
    }

    @Sendable func auditPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let query: AuditQuery
        do { query = try Self.query(request) } catch let error as APIError {
            return renderer.render("not-found", ["message": error.message], context: context, status: .badRequest)
        }
        let page = try await store.audit(query)
        let names = try await PageNames.load(spec: renderer.spec, store: store, accounts: PageNames.accountIDs(inTargets: page.entries.map(\.target)))
        let entries = page.entries.map { entry -> [String: Any] in
            [
                "seq": entry.seq.map { String($0) } ?? "", "at": String(entry.at.iso.prefix(19)).replacingOccurrences(of: "T", with: " "),
                "actor": names.actor(entry.actor), "origin": entry.origin, "action": entry.action, "target": names.target(entry.target),
                "before": entry.before?.canonicalText ?? "", "after": entry.after?.canonicalText ?? "",
            ]
        }
        return renderer.render("audit", ["entries": entries, "nextLink": page.nextCursor.map { "/audit?cursor=\($0)" } ?? false], context: context)
    }

    static func query(_ request: Request) throws -> AuditQuery {
        let parameters = request.uri.queryParameters
        var query = AuditQuery()
        query.action = parameters.text("action")
        query.actor = parameters.text("actor")
        query.target = parameters.text("target")
        query.after = try parameters.cursor()
        query.limit = try parameters.limit(default: 100, maximum: EventQuery.maximumLimit)
        return query
    }
}
