import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// Save cases over HTTP: open one, walk the tree, ask for a concession, approve or decline it,
/// close without one. Who acts decides: the case's owner or a leader of their function walks
/// and asks, the offer's approver decides; anyone else gets 403.
struct SaveCasesController {
    let desk: SaveDesk
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/save-cases", .allowed(.readClientData), use: list)
        routes.post("/api/v1/save-cases", .signedIn, use: open)
        routes.get("/api/v1/save-cases/{id}", .allowed(.readClientData), use: one)
        routes.post("/api/v1/save-cases/{id}/answers", .signedIn, use: answer)
        routes.post("/api/v1/save-cases/{id}/request", .signedIn, use: request)
        routes.post("/api/v1/save-cases/{id}/decision", .signedIn, use: decide)
        routes.post("/api/v1/save-cases/{id}/close", .signedIn, use: close)
    }

    /// A case with where its walk stands: the steps (the record's with evidence), the next question
    /// or the offers allowed with the caps for this client's segment.
    struct View: Encodable {
        var saveCase: SaveCase
        var steps: [ConcessionWalk.Step]
        var next: Next?
        var offers: [Offer]?

        struct Next: Encodable {
            var question: ConcessionPolicy.Question
            var label: String
            var answers: [String]
        }

        struct Offer: Encodable {
            var id: String
            var name: String
            var kind: ConcessionPolicy.Offer.Kind
            var unit: ConcessionPolicy.Offer.Unit
            var cap: Double?
            var approver: ConcessionPolicy.Approver?
        }

        enum CodingKeys: String, CodingKey {
            case saveCase = "case"
            case steps, next, offers
        }
    }

    func view(_ save: SaveCase) -> View {
        guard let policy = desk.spec.concessions else { return View(saveCase: save, steps: []) }
        let (steps, position) = SaveCaseMachine.position(save, policy: policy, segments: desk.segments)
        switch position {
        case .ask(let question, let answers):
            return View(saveCase: save, steps: steps, next: View.Next(question: question, label: question.label, answers: answers))
        case .leaf(let ids):
            let offers = ids.compactMap(policy.offer).map { offer in
                View.Offer(
                    id: offer.id, name: offer.name, kind: offer.kind, unit: offer.kind.unit,
                    cap: offer.kind.unit == .none ? nil : offer.cap(segment: save.facts.segment ?? "default"), approver: offer.approver)
            }
            return View(saveCase: save, steps: steps, offers: offers)
        }
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let statuses = try parameters.choices("status", SaveCase.Status.self)
        var kind: SaveCase.Kind?
        if let text = parameters.text("kind") {
            guard let value = SaveCase.Kind(rawValue: text) else { throw APIError.badParameter("kind", "'\(text)' is not renewal or prospect") }
            kind = value
        }
        let query = SaveCaseQuery(
            account: parameters.text("account"), owner: parameters.text("owner"), statuses: statuses, kind: kind,
            limit: try parameters.limit(default: 200, maximum: 5000))
        struct Body: Encodable { var cases: [SaveCase] }
        return try JSON.response(Body(cases: context.scope.filter(try await desk.store.saveCases(query), account: { $0.account })))
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(view(try await visibleCase(context)))
    }

    @Sendable func open(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["account", "kind"])
        guard let account = try body.text("account", required: true) else { throw APIError.badBody("account: the client's account id") }
        let kindText = try body.text("kind") ?? "renewal"
        guard let kind = SaveCase.Kind(rawValue: kindText) else { throw APIError.badBody("kind: '\(kindText)' is not renewal or prospect") }
        guard context.scope.admits(try await desk.store.currentAccountID(account) ?? account) else {
            throw APIError.forbidden("\(account) is outside your book")
        }
        let person = try person(context)
        return try await mapped {
            try JSON.response(view(try await desk.open(account: account, kind: kind, by: person, origin: context.origin, at: now())), status: .created)
        }
    }

    @Sendable func answer(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["question", "answer"])
        let text = try body.text("question", required: true) ?? ""
        guard let question = ConcessionPolicy.Question(rawValue: text) else {
            throw APIError.badBody("question: '\(text)' is not one of \(ConcessionPolicy.Question.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let answer = try body.text("answer", required: true) else { throw APIError.badBody("answer: the answer to \(text)") }
        let save = try await visibleCase(context)
        let person = try person(context)
        return try await mapped { try JSON.response(view(try await desk.answer(save.id, question, answer, by: person, origin: context.origin, at: now()))) }
    }

    @Sendable func request(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["offer", "amount", "comment"])
        guard let offer = try body.text("offer", required: true) else { throw APIError.badBody("offer: one of the offers the tree allows") }
        let amount = try body.number("amount") ?? 0
        let save = try await visibleCase(context)
        let person = try person(context)
        return try await mapped {
            try JSON.response(
                view(
                    try await desk.request(
                        save.id, offer: offer, amount: amount, comment: try body.text("comment"), by: person, origin: context.origin, at: now())))
        }
    }

    @Sendable func decide(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["decision", "amount", "comment"])
        let decision = try body.text("decision", required: true) ?? ""
        guard ["approve", "decline"].contains(decision) else { throw APIError.badBody("decision: '\(decision)' is not approve or decline") }
        let save = try await visibleCase(context)
        let person = try person(context)
        return try await mapped {
            try JSON.response(
                view(
                    try await desk.decide(
                        save.id, approve: decision == "approve", amount: try body.number("amount"), comment: try body.text("comment"), by: person,
                        origin: context.origin, at: now())))
        }
    }

    @Sendable func close(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["note"])
        guard let note = try body.text("note", required: true), !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badBody("note: say why the case closes without a concession")
        }
        let save = try await visibleCase(context)
        let person = try person(context)
        return try await mapped { try JSON.response(view(try await desk.close(save.id, note: note, by: person, origin: context.origin, at: now()))) }
    }

    /// The lifecycle's errors as statuses: acting on someone else's case or approving without the role is 403.
    private func mapped(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let failure as SaveCaseMachine.Failure {
            switch failure {
            case .notYours, .notOwner, .notApprover: throw APIError.forbidden(failure.description)
            case .finished, .awaitingApproval, .notAwaiting: throw APIError(status: .conflict, code: "conflict", message: failure.description)
            default: throw APIError.badBody(failure.description)
            }
        } catch let failure as SaveDesk.Failure {
            switch failure {
            case .noPolicy: throw APIError(status: .conflict, code: "no_concessions", message: failure.description)
            case .unknownAccount, .unknownCase: throw APIError.notFound(failure.description)
            }
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "conflict", message: message)
        }
    }

    private func person(_ context: AccordRequestContext) throws -> Person {
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let id = principal.personID, let person = desk.spec.person(id) else {
            throw APIError.forbidden(
                principal.role == .viewer
                    ? "a viewer reads save cases and does not work them" : "a save case is worked by a person: use a personal token or sign in")
        }
        return person
    }

    private func visibleCase(_ context: AccordRequestContext) async throws -> SaveCase {
        let id = try context.parameters.require("id")
        guard let save = try await desk.store.saveCase(id: id) else { throw APIError.notFound("no save case with id '\(id)'") }
        guard context.scope.admits(save.account) else { throw APIError.forbidden("save case \(id) is for an account outside your book") }
        return save
    }
}
