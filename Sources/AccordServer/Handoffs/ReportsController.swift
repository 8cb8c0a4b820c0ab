import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// The weekly handoff triage (with the notes the meeting writes back) and the handoff SLA report.
struct ReportsController {
    let reporting: HandoffReportDesk
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/reports/triage", .allowed(.readClientData), use: triage)
        routes.post("/api/v1/reports/triage/notes", .allowed(.writeTriageNotes), use: addTriageNote)
        routes.get("/api/v1/reports/portfolio", .allowed(.readClientData), use: portfolio)
        routes.get("/api/v1/reports/adoption", .allowed(.readClientData), use: adoption)
        routes.get("/api/v1/reports/outcome-validation", .allowed(.readClientData), use: outcomeValidation)
        routes.get("/api/v1/reports/sla", .allowed(.readClientData), use: sla)
    }

    @Sendable func triage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var report = try await reporting.triage(try week(request.uri.queryParameters.text("week")))
        report.slaBreaches = context.scope.filter(report.slaBreaches, account: { $0.accountID })
        return try JSON.response(report)
    }

    @Sendable func addTriageNote(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["week", "kind", "handoff", "text"])
        let week = try week(try body.text("week", required: true))
        let kindText = try body.text("kind") ?? "root_cause"
        guard let kind = TriageNote.Kind(rawValue: kindText) else { throw APIError.badBody("kind '\(kindText)' is not one of root_cause, proposal") }
        let handoff = try body.text("handoff")
        if let handoff, !reporting.spec.handoffs.contains(where: { $0.id == handoff }) {
            throw APIError.badBody("handoff '\(handoff)' is not one of \(reporting.spec.handoffs.map(\.id).joined(separator: ", "))")
        }
        guard let text = try body.text("text", required: true)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw APIError.badBody("'text' is empty")
        }
        let principal = try context.requireIdentity()
        let note = TriageNote(week: week.description, kind: kind, handoff: handoff, text: text, by: principal.auditName, at: now())
        try await reporting.store.saveTriageNote(
            note,
            audit: AuditEntry(
                at: note.at, actor: principal.auditName, origin: context.origin, action: "triage.note_written", target: "week:\(week)",
                after: ["kind": .string(kind.rawValue), "text": .string(text)]))
        return try JSON.response(note, status: .created)
    }

    @Sendable func portfolio(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await reporting.portfolio(asOf: today()))
    }

    @Sendable func adoption(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await reporting.adoption(asOf: today()))
    }

    @Sendable func outcomeValidation(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await reporting.outcomeValidation(asOf: today()))
    }

    @Sendable func sla(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let to = try day(parameters.text("to"), name: "to") ?? today()
        let from = try day(parameters.text("from"), name: "from") ?? to.adding(days: -89)
        guard from <= to else { throw APIError.badParameter("from", "\(from.iso) is after to (\(to.iso))") }
        return try JSON.response(try await reporting.sla(from: from, to: to))
    }

    private func week(_ text: String?) throws -> ISOWeek {
        guard let text else { return ISOWeek(containing: today()) }
        guard let week = ISOWeek(text) else { throw APIError.badParameter("week", "'\(text)' is not an ISO week such as 2026-W47") }
        return week
    }

    private func day(_ text: String?, name: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(iso: text) else { throw APIError.badParameter(name, "'\(text)' is not a date such as 2026-11-22") }
        return day
    }
}
