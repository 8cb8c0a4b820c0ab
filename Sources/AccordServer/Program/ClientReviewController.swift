import AccordApp
import AccordCore
import Hummingbird

/// A client's business review pack (QBR/EBR) as JSON and as a printable page.
struct ClientReviewController {
    let desk: ProgramDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/accounts/{id}/review", .allowed(.readClientData), use: json)
        routes.get("/accounts/{id}/review", .allowed(.readClientData), page: true, use: page)
    }

    @Sendable func json(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let review = try await review(id, context) else {
            throw AccountPath.missing(id, survivor: try await desk.store.currentAccountID(id), path: "/review", context: context)
        }
        return try JSON.response(review)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard context.scope.admits(id) else {
            return renderer.render("forbidden", ["message": "Account \(id) is not in your book of accounts."], context: context, status: .forbidden)
        }
        guard let review = try await review(id, context) else {
            if let survivor = try await desk.store.currentAccountID(id), survivor != id {
                return Response(status: .seeOther, headers: [.location: "/accounts/\(survivor)/review"])
            }
            return renderer.render("not-found", ["message": "There is no account with id \(id)."], context: context, status: .notFound)
        }
        return renderer.render("client-review", Self.view(review, names: ProgramStatus.Names(spec: desk.spec)), context: context)
    }

    /// The pack, or nil for an unknown id; an account outside the caller's book is a 403.
    func review(_ id: String, _ context: AccordRequestContext) async throws -> ClientReview? {
        guard let review = try await desk.clientReview(account: id, asOf: today(), now: now()) else { return nil }
        guard context.scope.admits(review.account) else { throw APIError.forbidden("account '\(id)' is not in your book") }
        return review
    }

    static func view(_ review: ClientReview, names: ProgramStatus.Names) -> [String: Any] {
        [
            "id": review.account, "name": review.name, "segment": review.segment, "mrr": Format.dollars(cents: review.mrrCents),
            "renewal": review.renewalOn?.iso ?? false, "daysLeft": review.daysLeft.map(Format.count) ?? false,
            "ownerCS": review.ownerCS.map(names.person) ?? "no one", "ownerSales": review.ownerSales.map(names.person) ?? "no one",
            "asOf": review.asOf.iso, "from": review.periodFrom.iso, "model": review.model ?? false, "modelSigned": review.modelSigned,
            "outcomes": review.outcomes.map { line -> [String: Any] in
                [
                    "outcome": line.outcome, "description": line.description, "target": line.target, "actual": line.actual, "state": line.state.rawValue,
                    "stateText": line.state.rawValue.replacingOccurrences(of: "_", with: " "), "due": line.due.iso, "achievedOn": line.achievedOn?.iso ?? false,
                ]
            },
            "hasOutcomes": !review.outcomes.isEmpty,
            "moved": review.moved.map { ["on": $0.on.iso, "event": $0.event, "outcome": $0.outcome, "detail": $0.detail] },
            "hasMoved": !review.moved.isEmpty, "risk": review.risk, "reasons": review.reasons, "hasReasons": !review.reasons.isEmpty,
            "health": review.health.map(String.init) ?? false, "band": review.healthBand?.replacingOccurrences(of: "_", with: " ") ?? false,
            "mapped": Format.count(review.mapped), "engaged": Format.count(review.engaged), "singleThreaded": review.singleThreaded,
            "stakeholders": review.stakeholders.map { person -> [String: Any] in
                [
                    "name": person.name, "title": person.title ?? "", "role": person.role.replacingOccurrences(of: "_", with: " "),
                    "influence": person.influence, "lastEngaged": person.lastEngaged?.iso ?? "never", "engaged": person.engaged,
                ]
            },
            "open": review.openHandoffs.map {
                ["id": $0.id, "name": $0.name, "submitted": $0.submittedOn.iso, "due": Format.clock($0.dueAt), "overdue": $0.overdue]
            },
            "hasOpen": !review.openHandoffs.isEmpty,
        ]
    }
}
