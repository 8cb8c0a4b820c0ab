import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The event log, the events kept aside, and where the tracking plan is being broken.
struct EventsController {
    let store: any IngestionStore & RecordStore

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/events", .allowed(.readClientData), use: events)
        routes.get("/api/v1/failed-events", .allowed(.readClientData), use: failedEvents)
        routes.get("/api/v1/violations", .allowed(.readClientData), use: violations)
    }

    @Sendable func events(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let query = try Self.eventQuery(request)
        if !context.scope.isEverything {
            // A book-limited reader asks for one of their accounts at a time.
            guard let accountID = query.accountID else {
                throw APIError.forbidden("your role sees only your own accounts; ask for one with ?account=ID")
            }
            guard let detail = try await store.account(id: accountID), context.scope.admits(detail.account.id) else {
                throw APIError.forbidden("account '\(accountID)' is not in your book")
            }
        }
        return try JSON.response(try await store.events(query))
    }

    @Sendable func failedEvents(_ request: Request, context: AccordRequestContext) async throws -> Response {
        // Events kept aside are attributed to no account yet, so they are in no one's book.
        guard context.scope.isEverything else {
            throw APIError.forbidden("your role sees only your own accounts, and events kept aside belong to none yet; RevOps and IT replay them")
        }
        let parameters = request.uri.queryParameters
        var query = FailedEventQuery()
        query.source = parameters.text("source")
        query.name = parameters.text("name")
        if let kind = parameters.text("kind") {
            guard let value = FailedEvent.Kind(rawValue: kind) else {
                throw APIError.badParameter("kind", "'\(kind)' is not one of unplanned, invalid")
            }
            query.kind = value
        }
        query.after = try parameters.cursor()
        query.limit = try parameters.limit(default: 100, maximum: EventQuery.maximumLimit)
        return try JSON.response(try await store.failedEvents(query))
    }

    @Sendable func violations(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var violations: [ViolationCount] }
        return try JSON.response(Body(violations: try await store.violationCounts()))
    }

    static func eventQuery(_ request: Request) throws -> EventQuery {
        let parameters = request.uri.queryParameters
        var query = EventQuery()
        query.accountID = parameters.text("account")
        query.contactID = parameters.text("contact")
        query.name = parameters.text("name")
        query.source = parameters.text("source")
        query.messageID = parameters.text("message_id")
        query.from = try parameters.instant("from")
        query.to = try parameters.instant("to")
        query.after = try parameters.cursor()
        query.limit = try parameters.limit(default: 100, maximum: EventQuery.maximumLimit)
        return query
    }
}

extension Parameters {
    func text(_ name: String) -> String? {
        guard let value = self[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }

    func instant(_ name: String) throws -> Instant? {
        guard let text = text(name) else { return nil }
        if let instant = Instant(iso: text) { return instant }
        if let day = Day(iso: text) { return Instant(day: day) }
        throw APIError.badParameter(name, "'\(text)' is not a date (2026-11-22) or an ISO 8601 time (2026-11-22T10:00:00Z)")
    }

    func cursor() throws -> Int64? {
        guard let text = text("cursor") else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badParameter("cursor", "'\(text)' is not a cursor this server handed out; start again without it")
        }
        return value
    }

    /// A comma-separated list of values from a closed set (`status=open,held`); empty when absent.
    func choices<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> [T] where T.RawValue == String {
        try (text(name) ?? "").split(separator: ",").map { part in
            guard let value = T(rawValue: String(part)) else {
                throw APIError.badParameter(name, "'\(part)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    func limit(default value: Int, maximum: Int) throws -> Int {
        guard let text = text("limit") else { return value }
        guard let number = Int(text), (1...maximum).contains(number) else {
            throw APIError.badParameter("limit", "'\(text)' must be a whole number from 1 to \(maximum)")
        }
        return number
    }
}
