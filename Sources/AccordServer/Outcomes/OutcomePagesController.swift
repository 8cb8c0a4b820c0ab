import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// The outcome model pages: versions with their signatures and diffs, the forms to propose a change
/// and to sign, and the quarterly validation report with the adoption rate per sales rep.
struct OutcomePagesController {
    let desk: OutcomeModelDesk
    let reporting: HandoffReportDesk
    let renderer: PageRenderer
    let policy: AccessPolicy
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/outcome-models", .allowed(.readClientData), page: true, use: modelsPage)
        routes.post("/outcome-models", .allowed(.manageSpec), page: true, use: proposeFromPage)
        routes.post("/outcome-models/{id}/versions/{version}/sign", .signedIn, page: true, use: signFromPage)
        routes.get("/reports/outcome-validation", .allowed(.readClientData), page: true, use: validationPage)
    }

    @Sendable func modelsPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await page(context, message: nil, draft: nil, status: .ok)
    }

    @Sendable func proposeFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let text = FormFields(try await request.body.collect(upTo: 256 * 1024)).value("model") ?? ""
        let model: OutcomeModel
        do {
            guard case .object(let body) = try JSONParser.parse(text) else { throw OutcomeModelInput.Invalid(description: "the model must be a JSON object") }
            model = try OutcomeModelInput.read(body, spec: desk.spec)
        } catch let error as OutcomeModelInput.Invalid {
            return try await page(context, message: "Not proposed: \(error.description). Fix it below and propose again.", draft: text, status: .badRequest)
        } catch let error as APIError {
            return try await page(context, message: "Not proposed: \(error.message). Fix it below and propose again.", draft: text, status: .badRequest)
        } catch {
            return try await page(
                context, message: "Not proposed: the text is not valid JSON (\(error)). Fix it below and propose again.", draft: text, status: .badRequest)
        }
        let audit = AuditEntry(
            at: now(), actor: principal.auditName, origin: context.origin, action: "outcome_model.proposed", target: "outcome_model:\(model.id)")
        guard try await desk.store.proposeOutcomeModel(model, by: principal.auditName, at: now(), audit: audit) != nil else {
            return try await page(
                context, message: "Not proposed: \(model.id) already has a version with exactly this content.", draft: text, status: .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/outcome-models#\(model.id)"])
    }

    @Sendable func signFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        guard let version = Int(try context.parameters.require("version")) else {
            return renderer.render("not-found", ["message": "Versions are numbered 1, 2, …"], context: context, status: .notFound)
        }
        do {
            _ = try await desk.sign(id: id, version: version, principal: principal, origin: context.origin, at: now())
        } catch StoreError.notFound(let message) {
            return renderer.render("not-found", ["message": message], context: context, status: .notFound)
        } catch let failure as SignFailure {
            return try await page(context, message: "Not signed: \(failure).", draft: nil, status: APIError(failure).status)
        } catch StoreError.conflict(let message) {
            return try await page(context, message: "Not signed: \(message).", draft: nil, status: .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/outcome-models#\(id)"])
    }

    @Sendable func validationPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let report = try await reporting.outcomeValidation(asOf: today())
        let adoption = try await reporting.adoption(asOf: today())
        let people = Dictionary(desk.spec.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return renderer.render(
            "outcome-validation",
            [
                "accounts": Format.count(report.accounts), "renewalRate": Self.percent(report.renewalRate),
                "auc": report.auc.map { Format.oneDecimal($0 * 100) + "%" } ?? "—",
                "flagged": report.flagged, "hasFlagged": !report.flagged.isEmpty,
                "rows": report.rows.map { row -> [String: Any] in
                    [
                        "outcome": row.outcome, "achieved": Format.count(row.achieved), "notAchieved": Format.count(row.notAchieved),
                        "renewedYes": Self.percent(row.renewalRateAchieved), "renewedNo": Self.percent(row.renewalRateNotAchieved),
                        "expandedYes": Self.percent(row.expansionRateAchieved), "expandedNo": Self.percent(row.expansionRateNotAchieved),
                        "lift": row.lift.map { "×" + String(format: "%.2f", $0) } ?? "—",
                        "interval": row.differenceLow.flatMap { low in row.differenceHigh.map { high in "\(Self.points(low)) to \(Self.points(high))" } }
                            ?? "—",
                        "verdict": row.predictsRenewal ? "predicts renewal" : "does not predict renewal", "predicts": row.predictsRenewal,
                    ]
                },
                "threshold": Self.percent(adoption.threshold),
                "adoption": adoption.rows.map { row -> [String: Any] in
                    [
                        "rep": people[row.rep] ?? row.rep, "closed": Format.count(row.closed), "adopted": Format.count(row.adopted),
                        "rate": Self.percent(row.rate),
                    ]
                },
            ], context: context)
    }

    /// The versions page; a failed form comes back here with its message and the text as typed.
    private func page(_ context: AccordRequestContext, message: String?, draft: String?, status: HTTPResponse.Status) async throws -> Response {
        let principal = try context.requireIdentity()
        let versions = try await desk.store.outcomeModelVersions()
        let functions = Dictionary(desk.spec.functions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let names = PageNames(spec: desk.spec, accounts: [:])
        let canSignFor = principal.function.flatMap { policy.allows(principal, .signOutcomeModel(function: $0)) ? $0 : nil }
        let ids = versions.map(\.model.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let models = ids.map { id -> [String: Any] in
            let history = versions.filter { $0.model.id == id }.sorted { $0.version > $1.version }
            let current = history.first { $0.status == .active }
            return [
                "id": id, "name": history.first?.model.name ?? id, "segment": history.first?.model.segment ?? "",
                "active": current.map { "version \($0.version)" } ?? "none yet",
                "versions": history.map { version -> [String: Any] in
                    let earlier = history.first { $0.version == version.version - 1 }
                    return [
                        "id": id, "version": version.version, "status": version.status.rawValue,
                        "createdBy": names.actor(version.createdBy), "createdAt": Self.minute(version.createdAt),
                        "activatedAt": version.activatedAt.map(Self.minute) ?? false,
                        "signatures": version.signatures.map {
                            ["function": functions[$0.function] ?? $0.function, "person": names.person($0.person), "at": Self.minute($0.at)]
                        },
                        "missing": version.missing.map { functions[$0] ?? $0 }.joined(separator: ", "),
                        "outcomes": version.model.outcomes.map { outcome -> [String: Any] in
                            [
                                "id": outcome.id, "description": outcome.description, "measure": Self.measure(outcome.measure),
                                "target": outcome.measure == .usageRatio ? Self.percent(outcome.target) : OutcomeModelDiff.number(outcome.target),
                                "day": outcome.day,
                            ]
                        },
                        "hasMissing": !version.missing.isEmpty && version.status == .draft,
                        "hasChanges": earlier.map { !OutcomeModelDiff.lines(from: $0.model, to: version.model).isEmpty } ?? false,
                        "changes": earlier.map { OutcomeModelDiff.lines(from: $0.model, to: version.model) } ?? [],
                        "canSign": version.status == .draft && canSignFor.map { version.missing.contains($0) } == true,
                    ]
                },
            ]
        }
        let example = versions.sorted { $0.version > $1.version }.first.map { OutcomeModelInput.json($0.model) } ?? ""
        return renderer.render(
            "outcome-models",
            [
                "models": models, "message": message ?? false, "draft": draft ?? example,
                "canPropose": policy.allows(principal, .manageSpec), "csrf": context.session?.csrfToken ?? false,
                "signingAs": canSignFor.map { functions[$0] ?? $0 } ?? false,
            ], context: context, status: status)
    }

    static func percent(_ value: Double?) -> String { value.map { Format.oneDecimal($0 * 100) + "%" } ?? "—" }
    static func points(_ value: Double) -> String { Format.signed(value * 100) + " pts" }
    static func minute(_ instant: Instant) -> String { String(instant.iso.prefix(16)).replacingOccurrences(of: "T", with: " ") }

    static func measure(_ measure: Measure) -> String {
        switch measure {
        case .usageRatio: "weekly active seats / licensed seats"
        case .eventCount(let event, let conditions):
            conditions.isEmpty
                ? "count of \(event)"
                : "count of \(event) where " + conditions.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
        }
    }
}
