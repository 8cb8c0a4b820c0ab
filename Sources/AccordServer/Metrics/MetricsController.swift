import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird
import NIOCore

/// The shared dashboard over the API: every metric with owners and cadence, each as a table in
/// JSON or CSV, and the accounts behind each figure.
struct MetricsController {
    let snapshots: DashboardSnapshots
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/dashboard", .allowed(.readClientData), use: dashboard)
        routes.get("/api/v1/metrics/{id}", .allowed(.readClientData), use: metric)
        routes.get("/api/v1/renewals", .allowed(.readClientData), use: renewals)
        routes.get("/api/v1/metrics/{id}/accounts", .allowed(.readClientData), use: metricAccounts)
    }

    @Sendable func dashboard(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let snapshot = try await snapshots.snapshot(asOf: today(), now: now)
        // The encoded snapshot names accounts behind its figures; a book-limited reader gets a copy cut to their book.
        guard context.scope.isEverything else { return try JSON.response(snapshot.board.limited(to: context.scope)) }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: snapshot.json)))
    }

    @Sendable func metric(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let board = try await snapshots.dashboard(asOf: today(), now: now).1
        guard let summary = board.metrics.first(where: { $0.id == id }) else { throw unknown(id, board) }
        guard let table = MetricTable.of(id, board: board) else {
            throw APIError.notFound("\(id) has its own report: \(id == "handoff_sla" ? "/api/v1/reports/sla" : "/api/v1/reports/portfolio")")
        }
        if try Self.wantsCSV(request) { return Self.csv(table.csv, name: "\(id)-\(today().iso).csv") }
        struct Body: Encodable {
            var metric: Dashboard.Summary
            var columns: [String]
            var rows: [[CSVText.Cell]]
        }
        return try JSON.response(Body(metric: summary, columns: table.columns, rows: table.rows))
    }

    @Sendable func renewals(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let calendar = try await RenewalDesk(snapshots: snapshots).calendar(asOf: today(), now: now, days: try Self.horizon(request), scope: context.scope)
        if try Self.wantsCSV(request) {
            let rows = calendar.rows.map { row -> [CSVText.Cell] in
                [
                    .text(row.account), .text(row.name), .text(row.segment), .text(row.renewalOn.iso), .integer(Int64(row.daysLeft)),
                    .number(Double(row.mrrCents) / 100), row.ownerCS.map(CSVText.Cell.text) ?? .empty, .text(row.risk.rawValue),
                    .text(row.outcomes.map { "\($0.outcome)=\($0.state)" }.joined(separator: "; ")), .text(row.reasons.joined(separator: "; ")),
                ]
            }
            let header = ["account", "name", "segment", "renewal_on", "days_left", "mrr", "owner_cs", "risk", "outcomes", "reasons"]
            return Self.csv(CSVText.encode(header: header, rows: rows), name: "renewals-\(today().iso).csv")
        }
        return try JSON.response(calendar)
    }

    @Sendable func metricAccounts(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let parameters = request.uri.queryParameters
        let (facts, board) = try await snapshots.dashboard(asOf: today(), now: now)
        guard board.metrics.contains(where: { $0.id == id }) else { throw unknown(id, board) }
        let ask = DrillDown.Request(
            metric: id, key: parameters.text("key"), cohort: parameters.text("cohort"), source: parameters.text("source"), period: parameters.text("period"))
        let ids: [String]
        do { ids = context.scope.filter(try DrillDown.accounts(ask, facts: facts, board: board), account: { $0 }) } catch let invalid as DrillDown.Invalid {
            throw APIError.badParameter("key", invalid.description)
        }
        let rows = Self.rows(ids, facts: facts)
        if try Self.wantsCSV(request) {
            return Self.csv(CSVText.encode(header: DrillDownRow.columns, rows: rows.map(\.cells)), name: "\(id)-accounts-\(today().iso).csv")
        }
        struct Body: Encodable {
            var metric: String
            var key: String?
            var count: Int
            var accounts: [DrillDownRow]
        }
        return try JSON.response(Body(metric: id, key: ask.key, count: rows.count, accounts: rows))
    }

    /// `days` of a renewal calendar request: 1 to 366, 90 when absent.
    static func horizon(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.text("days") else { return 90 }
        guard let days = Int(text), RenewalCalendar.horizons.contains(days) else {
            throw APIError.badParameter("days", "'\(text)' is not a number of days from 1 to 366")
        }
        return days
    }

    static func rows(_ ids: [String], facts: MetricFacts) -> [DrillDownRow] {
        let wanted = Set(ids)
        let timeline = MRRTimeline(facts.movements.filter { wanted.contains($0.accountID) })
        let clients = Dictionary(facts.clients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { id in
            guard let c = clients[id] else { return nil }
            return DrillDownRow(
                id: c.id, name: c.name, segment: c.segment, source: c.source.rawValue, cohort: c.cohort, stage: c.stage.rawValue,
                mrrCents: timeline.mrr(c.id, endOf: facts.asOf), ownerCs: c.ownerCS, ownerSales: c.ownerSales)
        }
    }

    private func unknown(_ id: String, _ board: Dashboard) -> APIError {
        APIError.notFound("no metric '\(id)' on this dashboard; metrics: \(board.metrics.map(\.id).joined(separator: ", "))")
    }

    /// `?format=csv` or an Accept of text/csv asks for CSV; `?format=json` or nothing for JSON.
    static func wantsCSV(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.text("format") {
        case nil: return request.headers[.accept]?.contains("text/csv") == true
        case "csv": return true
        case "json": return false
        case let other?: throw APIError.badParameter("format", "'\(other)' is not one of json, csv")
        }
    }

    static func csv(_ text: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// One account behind a figure.
struct DrillDownRow: Encodable, Sendable {
    static let columns = ["id", "name", "segment", "source", "cohort", "stage", "mrr", "owner_cs", "owner_sales"]
    var id: String
    var name: String
    var segment: String
    var source: String
    var cohort: String?
    var stage: String
    var mrrCents: Int64
    var ownerCs: String?
    var ownerSales: String?

    var cells: [CSVText.Cell] {
        [
            .text(id), .text(name), .text(segment), .text(source), cohort.map(CSVText.Cell.text) ?? .empty, .text(stage),
            .number(Double(mrrCents) / 100), ownerCs.map(CSVText.Cell.text) ?? .empty, ownerSales.map(CSVText.Cell.text) ?? .empty,
        ]
    }
}

extension CSVText.Cell: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .empty: try container.encodeNil()
        }
    }
}
