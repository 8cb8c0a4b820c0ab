import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Why a client left, recorded by a person where no system sent it (or to correct it): over the
/// API and from the churned client's page. Marketing, sales and CS record it; anyone else gets 403.
struct ChurnReasonsController {
    let desk: WinBackDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.post("/api/v1/accounts/{id}/churn-reason", .signedIn, use: record)
        routes.post("/accounts/{id}/churn-reason", .signedIn, page: true, use: recordFromPage)
    }

    @Sendable func record(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSON.object(request)
        try body.allowOnly(["reason", "note"])
        guard let text = try body.text("reason", required: true) else { throw APIError.badBody("reason: why the client left") }
        let reason = try Self.reason(text)
        let note = try body.text("note")
        let person = try Self.person(context, desk.spec)
        guard context.scope.admits(id) else { throw APIError.forbidden("account \(id) is not in your book of accounts") }
        let recorded = try await Self.mapped {
            try await desk.recordReason(
                account: id, reason: reason, note: note, by: person, origin: context.origin,
                at: WinBackCampaignsController.moment(now: now, today: today))
        }
        return try JSON.response(recorded, status: .created)
    }

    @Sendable func recordFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let fields = FormFields(try await request.body.collect(upTo: 16 * 1024))
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let person = principal.personID.flatMap({ desk.spec.person($0) }), context.scope.admits(id) else {
            return Pages.forbidden(principal)
        }
        do {
            let reason = try Self.reason(fields.value("reason") ?? "")
            _ = try await Self.mapped {
                try await desk.recordReason(
                    account: id, reason: reason, note: fields.value("note"), by: person, origin: context.origin,
                    at: WinBackCampaignsController.moment(now: now, today: today))
            }
            return Response(status: .seeOther, headers: [.location: "/accounts/\(id)"])
        } catch let error as APIError {
            return renderer.render(
                error.status == .forbidden ? "forbidden" : "not-found", ["message": "\(error.message). Go back and choose again."], context: context,
                status: error.status)
        }
    }

    static func reason(_ text: String) throws -> ChurnReason {
        guard let reason = ChurnReason(rawValue: text) else {
            throw APIError.badBody("reason: '\(text)' is not one of \(ChurnReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return reason
    }

    static func person(_ context: AccordRequestContext, _ spec: Spec) throws -> Person {
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let id = principal.personID, let person = spec.person(id) else {
            throw APIError.forbidden(
                principal.role == .viewer
                    ? "a viewer reads why clients left and does not record it" : "a reason is recorded by a person: use a personal token or sign in")
        }
        return person
    }

    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ChurnReasonEntry.Failure {
            switch failure {
            case .notAllowed, .viewer: throw APIError.forbidden(failure.description)
            case .neverChurned: throw APIError(status: .conflict, code: "conflict", message: failure.description)
            case .noteTooLong: throw APIError.badBody(failure.description)
            }
        } catch let failure as WinBackDesk.Failure {
            throw APIError.notFound(failure.description)
        }
    }
}
