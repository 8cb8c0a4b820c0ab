import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The shared dashboard in the browser: the figures with owners and cadence, the cohort heat-map,
/// the MRR bridge, each metric's table and the accounts behind each figure.
struct DashboardPagesController {
    let snapshots: DashboardSnapshots
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    /// The parts of each metric that have a list of accounts behind them.
    static let drills: [String: [String]] = [
        "mrr_movements": MRRMovementKind.allCases.map(\.rawValue), "time_to_first_value": ["reached", "waiting"],
        "onboarding_velocity": ["reached", "waiting"],
        "adoption_rate_90d": ["adopted", "not_adopted"], "stakeholder_coverage": ["single_threaded", "unengaged"], "expansion_qualified_rate": [""],
        "csat": ["satisfied", "unsatisfied"], "nps": ["promoters", "passives", "detractors"], "clv": [""], "funnel": Funnel.stages.map(\.rawValue),
        "nrr_by_cohort": [""], "grr_by_cohort": [""],
    ]

    func add(to routes: GuardedRoutes) {
        routes.get("/dashboard", .allowed(.readClientData), page: true, use: dashboardPage)
        routes.get("/metrics/{id}", .allowed(.readClientData), page: true, use: metricPage)
        routes.get("/metrics/{id}/accounts", .allowed(.readClientData), page: true, use: metricAccountsPage)
    }

    @Sendable func dashboardPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let source = request.uri.queryParameters.text("source") ?? "all"
        guard ["all", "marketing", "sales"].contains(source) else {
            return renderer.render(
                "not-found", ["message": "'\(source)' is not an acquisition source: all, marketing or sales."], context: context, status: .badRequest)
        }
        let board = try await snapshots.dashboard(asOf: today(), now: now).1
        let functions = Dictionary(snapshots.reading.spec.functions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func card(_ m: Dashboard.Summary) -> [String: Any] {
            [
                "id": m.id, "name": m.name, "display": m.display, "note": m.note, "refresh": m.refresh,
                "owners": m.owners.map { functions[$0] ?? $0 }.joined(separator: ", "),
            ]
        }
        return renderer.render(
            "dashboard",
            [
                "asOf": today().iso, "computedAt": Format.clock(board.computedAt), "shared": board.metrics.filter(\.shared).map(card),
                "others": board.metrics.filter { !$0.shared }.map(card),
                "sources": [("all", "All"), ("marketing", "Marketing-sourced"), ("sales", "Sales-sourced")].map {
                    ["id": $0.0, "name": $0.1, "selected": $0.0 == source] as [String: Any]
                },
                "heatmap": Charts.heatmap(board.cohorts, source: source, metric: \.nrr, link: "/metrics/nrr_by_cohort/accounts"),
                "waterfall": Charts.waterfall(board.mrr),
            ], context: context)
    }

    @Sendable func metricPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let board = try await snapshots.dashboard(asOf: today(), now: now).1
        guard let summary = board.metrics.first(where: { $0.id == id }) else {
            return renderer.render("not-found", ["message": "There is no metric '\(id)' on this dashboard."], context: context, status: .notFound)
        }
        guard let table = MetricTable.of(id, board: board) else {
            return Response(status: .seeOther, headers: [.location: id == "handoff_sla" ? "/reports/triage" : "/outcomes"])
        }
        var view = view(summary)
        view["columns"] = table.columns
        view["rows"] = table.rows.map { ["cells": $0.map(Self.text)] }
        let drills = Self.drills[id] ?? []
        view["drills"] = drills.map { key in
            ["id": id, "query": key.isEmpty ? "" : "?key=\(key)", "label": key.isEmpty ? "all of them" : key.replacingOccurrences(of: "_", with: " ")]
        }
        view["hasDrills"] = !drills.isEmpty
        return renderer.render("metric", view, context: context)
    }

    @Sendable func metricAccountsPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let parameters = request.uri.queryParameters
        let (facts, board) = try await snapshots.dashboard(asOf: today(), now: now)
        guard let summary = board.metrics.first(where: { $0.id == id }) else {
            return renderer.render("not-found", ["message": "There is no metric '\(id)' on this dashboard."], context: context, status: .notFound)
        }
        let ask = DrillDown.Request(
            metric: id, key: parameters.text("key"), cohort: parameters.text("cohort"), source: parameters.text("source"), period: parameters.text("period"))
        let ids: [String]
        do { ids = context.scope.filter(try DrillDown.accounts(ask, facts: facts, board: board), account: { $0 }) } catch let invalid as DrillDown.Invalid {
            return renderer.render("not-found", ["message": "\(summary.name): \(invalid.description)."], context: context, status: .badRequest)
        }
        let query = [("key", ask.key), ("cohort", ask.cohort), ("source", ask.source), ("period", ask.period)]
            .compactMap { name, value in value.map { "\(name)=\($0.addingPercentEncodingForQuery)" } }.joined(separator: "&")
        let what = [
            ask.key?.replacingOccurrences(of: "_", with: " "), ask.cohort.map { "cohort \($0)" }, ask.source.map { "\($0)-sourced" },
            ask.period.map { "in \($0)" },
        ]
        .compactMap { $0 }.joined(separator: ", ")
        var view = view(summary)
        view["what"] = what.isEmpty ? "all accounts behind it" : what
        view["query"] = query.isEmpty ? "" : "?" + query
        view["count"] = Format.count(ids.count)
        view["accounts"] = MetricsController.rows(ids, facts: facts).map { row -> [String: Any] in
            [
                "id": row.id, "name": row.name, "segment": row.segment, "source": row.source, "cohort": row.cohort ?? "—", "stage": row.stage,
                "mrr": Format.dollars(cents: row.mrrCents), "csm": row.ownerCs ?? "—", "rep": row.ownerSales ?? "—",
            ]
        }
        return renderer.render("metric-accounts", view, context: context)
    }

    private func view(_ m: Dashboard.Summary) -> [String: Any] {
        let functions = Dictionary(snapshots.reading.spec.functions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return [
            "id": m.id, "name": m.name, "display": m.display, "note": m.note, "refresh": m.refresh,
            "owners": m.owners.map { functions[$0] ?? $0 }.joined(separator: ", "),
        ]
    }

    static func text(_ cell: CSVText.Cell) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value): value == value.rounded() && abs(value) >= 1000 ? Format.count(Int(value)) : String(value)
        case .integer(let value): Format.count(Int(value))
        case .empty: "—"
        }
    }
}
