import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Source records an import could not place with confidence, and a person's decision on each.
struct IdentityReviewsController {
    let store: any IdentityStore
    let spec: Spec
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/identity-reviews", .allowed(.readClientData), use: list)
        routes.post("/api/v1/identity-reviews/{id}", .allowed(.manageSources), use: decide)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let status = request.uri.queryParameters.text("status") ?? "open"
        guard ["open", "all"].contains(status) else { throw APIError.badParameter("status", "'\(status)' is not one of open, all") }
        struct Body: Encodable { var reviews: [IdentityReview] }
        let reviews = context.scope.filter(try await store.identityReviews(openOnly: status == "open"), account: { $0.candidateAccount })
        return try JSON.response(Body(reviews: reviews))
    }

    @Sendable func decide(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no review with that id") }
        let body = try await JSON.object(request)
        try body.allowOnly(["decision"])
        let text = try body.text("decision", required: true)!
        guard let decision = IdentityReview.Decision(rawValue: text) else { throw APIError.badBody("decision '\(text)' is not one of link, separate") }
        guard let review = try await store.identityReview(id: id) else {
            throw APIError.notFound("no review with id \(id)")
        }
        guard review.decision == nil else {
            throw APIError(
                status: .conflict, code: "already_decided",
                message: "review \(id) was decided (\(review.decision!.rawValue)) by \(review.decidedBy ?? "someone")")
        }
        let principal = try context.requireIdentity()
        let account =
            decision == .separate
            ? AccountImport.newAccount(
                source: review.source, externalID: review.externalID, fields: review.fields, defaultSegment: spec.segments.first?.id ?? "unassigned",
                today: today())
            : nil
        let audit = AuditEntry(at: now(), actor: principal.auditName, origin: context.origin, action: "identity.review_decided", target: "review:\(id)")
        guard let decided = try await store.decideReview(id: id, decision: decision, newAccount: account, at: now(), audit: audit) else {
            throw APIError.notFound("no review with id \(id)")
        }
        return try JSON.response(decided)
    }
}
