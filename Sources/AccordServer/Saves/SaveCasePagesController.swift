import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The save case pages: the list with a form to open one, and one case walked question by
/// question, offering exactly what the tree allows, with the approver's decision form. The same
/// lifecycle as the API: a stranger's action is refused with 403.
struct SaveCasePagesController {
    let desk: SaveDesk
    let renderer: PageRenderer
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/save-cases", .allowed(.readClientData), page: true, use: listPage)
        routes.post("/save-cases", .signedIn, page: true, use: openFromPage)
        routes.get("/save-cases/{id}", .allowed(.readClientData), page: true, use: casePage)
        routes.post("/save-cases/{id}/{step}", .signedIn, page: true, use: stepFromPage)
    }

    @Sendable func listPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let cases = context.scope.filter(try await desk.store.saveCases(SaveCaseQuery(limit: 500)), account: { $0.account })
        let names = try await PageNames.load(spec: desk.spec, store: desk.store, accounts: cases.map(\.account))
        let order: [SaveCase.Status: Int] = [.awaitingApproval: 0, .open: 1, .granted: 2, .closed: 3]
        let rows = cases.sorted { (order[$0.status] ?? 9, -$0.openedAt.milliseconds) < (order[$1.status] ?? 9, -$1.openedAt.milliseconds) }.map {
            save -> [String: Any] in
            let decision = save.decisions.last
            return [
                "id": save.id, "account": names.account(save.account), "kind": save.kind.rawValue, "owner": names.person(save.owner),
                "reason": save.reason?.label ?? "—", "status": save.status.rawValue.replacingOccurrences(of: "_", with: " "), "statusID": save.status.rawValue,
                "concession": decision.map {
                    "\(desk.spec.concessions?.offer($0.offer)?.name ?? $0.offer): asked \(Self.amount($0.asked)), \($0.granted.map { "granted \(Self.amount($0))" } ?? "declined")"
                } ?? save.request.map { "asked \(Self.amount($0.amount)) of \($0.offer)" } ?? "—",
                "opened": save.openedOn.iso,
            ]
        }
        let principal = try context.requireIdentity()
        return renderer.render(
            "save-cases",
            [
                "rows": rows, "count": Format.count(cases.count), "waiting": Format.count(cases.filter { $0.status == .awaitingApproval }.count),
                "open": Format.count(cases.filter { $0.status == .open }.count), "canOpen": principal.personID != nil && principal.role != .viewer,
                "csrf": context.session?.csrfToken ?? false, "hasPolicy": desk.spec.concessions != nil,
            ], context: context)
    }

    static func amount(_ value: Double) -> String { value == 0 ? "—" : Format.oneDecimal(value) }

    @Sendable func casePage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let save = try await desk.store.saveCase(id: id) else {
            return renderer.render("not-found", ["message": "There is no save case with id \(id)."], context: context, status: .notFound)
        }
        guard context.scope.admits(save.account) else {
            return renderer.render("forbidden", ["message": "This save case is about an account outside your book."], context: context, status: .forbidden)
        }
        let names = try await PageNames.load(spec: desk.spec, store: desk.store, accounts: [save.account])
        let principal = try context.requireIdentity()
        let me = principal.personID.flatMap { desk.spec.person($0) }
        let policy = desk.spec.concessions
        var view: [String: Any] = [
            "id": save.id, "account": names.account(save.account), "kind": save.kind.rawValue, "owner": names.person(save.owner),
            "status": save.status.rawValue.replacingOccurrences(of: "_", with: " "), "statusID": save.status.rawValue, "opened": Format.minute(save.openedAt),
            "mrr": Format.dollars(cents: save.mrrCentsAtOpen), "csrf": context.session?.csrfToken ?? false, "note": save.note ?? false,
        ]
        let mine = me.map { $0.id == save.owner || ($0.role == .leader && $0.function == desk.spec.person(save.owner)?.function) } ?? false
        if let policy {
            let (steps, position) = SaveCaseMachine.position(save, policy: policy, segments: desk.segments)
            view["steps"] = steps.map { step -> [String: Any] in
                [
                    "question": step.question.label,
                    "answer": ChurnReason(rawValue: step.answer)?.label ?? step.answer.replacingOccurrences(of: "_", with: " "),
                    "by": step.by == "record" ? ["name": "the client record", "href": false] as [String: Any] : names.person(step.by),
                    "evidence": step.evidence ?? false,
                ]
            }
            let working = save.status == .open && mine
            switch position {
            case .ask(let question, let answers):
                view["ask"] =
                    working
                    ? [
                        "question": question.rawValue, "label": question.label,
                        "answers": answers.map { ["value": $0, "label": ChurnReason(rawValue: $0)?.label ?? $0.replacingOccurrences(of: "_", with: " ")] },
                    ] as [String: Any] : false
                view["waitingFor"] = working ? false : question.label
            case .leaf(let ids):
                let offers = ids.compactMap(policy.offer)
                view["offers"] = offers.map { offer -> [String: Any] in
                    let cap = offer.cap(segment: save.facts.segment ?? "default")
                    return [
                        "id": offer.id, "name": offer.name, "kind": offer.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                        "cap": offer.kind.unit == .none
                            ? "no amount" : offer.kind.unit == .percent ? "\(Format.oneDecimal(cap))% of MRR" : "\(Format.oneDecimal(cap)) months",
                        "approver": offer.approver.map { approver in
                            "a \(approver.role.rawValue) of \(desk.spec.functions.first(where: { $0.id == approver.function })?.name ?? approver.function)"
                        } ?? "—",
                    ]
                }
                view["hasOffers"] = !offers.isEmpty
                view["noOffers"] = offers.isEmpty
                view["canRequest"] = working && !offers.isEmpty
            }
            if let request = save.request, let offer = policy.offer(request.offer) {
                view["request"] = [
                    "offer": offer.name, "amount": Self.amount(request.amount), "by": names.person(request.by), "comment": request.comment ?? "",
                    "at": Format.minute(request.at),
                ]
                let approver = offer.approver
                view["canDecide"] = me.map { person in approver.map { $0.function == person.function && $0.role == person.role } ?? false } ?? false
            }
            view["decisions"] = save.decisions.map { decision -> [String: Any] in
                [
                    "offer": policy.offer(decision.offer)?.name ?? decision.offer, "asked": Self.amount(decision.asked),
                    "granted": decision.granted.map(Self.amount) ?? "declined",
                    "by": decision.approver.map(names.person) ?? ["name": "within the cap", "href": false],
                    "comment": decision.comment ?? "", "at": Format.minute(decision.at),
                ]
            }
            view["hasDecisions"] = !save.decisions.isEmpty
            view["canClose"] = working
        }
        return renderer.render("save-case", view, context: context)
    }

    @Sendable func openFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fields = FormFields(try await request.body.collect(upTo: 16 * 1024))
        let account = fields.value("account")?.trimmingCharacters(in: .whitespaces) ?? ""
        let kind = SaveCase.Kind(rawValue: fields.value("kind") ?? "renewal") ?? .renewal
        return try await act(context) { person in
            guard context.scope.admits(try await desk.store.currentAccountID(account) ?? account) else {
                throw APIError.forbidden("\(account) is outside your book")
            }
            return try await desk.open(account: account, kind: kind, by: person, origin: context.origin, at: now()).id
        }
    }

    @Sendable func stepFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let step = try context.parameters.require("step")
        let fields = FormFields(try await request.body.collect(upTo: 16 * 1024))
        guard let save = try await desk.store.saveCase(id: id) else {
            return renderer.render("not-found", ["message": "There is no save case with id \(id)."], context: context, status: .notFound)
        }
        guard context.scope.admits(save.account) else { return Pages.forbidden(try context.requireIdentity()) }
        return try await act(context) { person in
            let at = now()
            switch step {
            case "answers":
                let question = ConcessionPolicy.Question(rawValue: fields.value("question") ?? "") ?? .reason
                _ = try await desk.answer(id, question, fields.value("answer") ?? "", by: person, origin: context.origin, at: at)
            case "request":
                _ = try await desk.request(
                    id, offer: fields.value("offer") ?? "", amount: Double(fields.value("amount") ?? "") ?? 0, comment: fields.value("comment"), by: person,
                    origin: context.origin, at: at)
            case "decision":
                _ = try await desk.decide(
                    id, approve: fields.value("decision") == "approve", amount: fields.value("amount").flatMap { Double($0) }, comment: fields.value("comment"),
                    by: person, origin: context.origin, at: at)
            case "close":
                _ = try await desk.close(id, note: fields.value("note") ?? "", by: person, origin: context.origin, at: at)
            default:
                throw APIError.notFound("no step '\(step)' of a save case: answers, request, decision or close")
            }
            return id
        }
    }

    /// Runs one step as the signed-in person and goes to the case; a refusal is the page's 403 or 400 with the lifecycle's words.
    private func act(_ context: AccordRequestContext, _ body: (Person) async throws -> String) async throws -> Response {
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let person = principal.personID.flatMap({ desk.spec.person($0) }) else { return Pages.forbidden(principal) }
        do {
            let id = try await body(person)
            return Response(status: .seeOther, headers: [.location: "/save-cases/\(id)"])
        } catch let failure as SaveCaseMachine.Failure {
            switch failure {
            case .notYours, .notOwner, .notApprover:
                return renderer.render("forbidden", ["message": failure.description], context: context, status: .forbidden)
            default:
                return renderer.render("not-found", ["message": "\(failure.description). Go back and choose again."], context: context, status: .badRequest)
            }
        } catch let failure as SaveDesk.Failure {
            return renderer.render("not-found", ["message": failure.description], context: context, status: .badRequest)
        } catch let error as APIError {
            return renderer.render(error.status == .forbidden ? "forbidden" : "not-found", ["message": error.message], context: context, status: error.status)
        } catch StoreError.conflict(let message) {
            return renderer.render("not-found", ["message": message], context: context, status: .conflict)
        }
    }
}
