import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// The handoff pages: inbox and submission form, one handoff and its decision form, the weekly triage.
struct HandoffPagesController {
    let desk: HandoffDesk
    let reporting: HandoffReportDesk
    /// Where the names of clients, people and tokens are looked up.
    let nameStore: any AccessStore & RecordStore
    let renderer: PageRenderer
    let policy: AccessPolicy
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        addPortfolio(to: routes)
        routes.get("/handoffs", .signedIn, page: true, use: inboxPage)
        routes.post("/handoffs", .signedIn, page: true, use: submitFromPage)
        routes.get("/handoffs/{id}", .allowed(.readClientData), page: true, use: handoffPage)
        routes.post("/handoffs/{id}/decision", .signedIn, page: true, use: decideFromPage)
        routes.get("/reports/triage", .allowed(.readClientData), page: true, use: triagePage)
        routes.post("/reports/triage/notes", .allowed(.writeTriageNotes), page: true, use: addTriageNoteFromPage)
    }

    @Sendable func inboxPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        // One person's inbox (?person=, or "mine" for the viewer), else one function's.
        let parameters = request.uri.queryParameters
        let person = parameters.text("person").map { $0 == "mine" ? principal.personID ?? "" : $0 }
        let function =
            parameters.text("function") ?? (person == nil ? principal.function : nil) ?? (person == nil ? desk.spec.handoffs.first?.to.function : nil) ?? ""
        let kinds = Set(desk.spec.handoffs.filter { definition in person.map { definition.to.owner == $0 } ?? (definition.to.function == function) }.map(\.id))
        let now = desk.now()
        let scope = context.scope
        let waiting = scope.filter(try await desk.store.handoffs(HandoffQuery(handoffs: kinds, statuses: [.waiting])), account: { $0.accountID })
            .sorted { $0.dueAt < $1.dueAt }
        let rejected = scope.filter(
            try await desk.store.handoffs(
                HandoffQuery(
                    handoffs: kinds, statuses: [.rejected, .autoRejected], submittedFrom: Instant(milliseconds: now.milliseconds - 30 * 86_400_000))),
            account: { $0.accountID })
        // ?account=&handoff= prepares the form: that transition, with what the client record knows filled in.
        var draft: HandoffDesk.Draft?
        if let account = parameters.text("account"), let kind = parameters.text("handoff"), policy.allows(principal, .submitHandoff(kind)),
            context.scope.admits(try await desk.store.currentAccountID(account) ?? account)
        {
            draft = try? await desk.draft(handoff: kind, account: account)
        }
        let submittable = desk.spec.handoffs.filter { policy.allows(principal, .submitHandoff($0.id)) }.map { definition -> [String: Any] in
            ["id": definition.id, "name": definition.name, "template": Self.template(definition), "selected": definition.id == draft?.handoff]
        }
        let overdue = waiting.filter { $0.isOverdue(at: now) }
        let onTime = waiting.filter { !$0.isOverdue(at: now) }
        let names = try await self.names(waiting + rejected)
        return renderer.render(
            "handoffs",
            [
                "whose": person.map { desk.spec.person($0)?.name ?? $0 } ?? desk.spec.functions.first { $0.id == function }?.name ?? function,
                "mine": principal.personID != nil,
                "functions": desk.spec.functions.map { ["id": $0.id, "name": $0.name, "selected": $0.id == function] as [String: Any] },
                "overdue": overdue.map { row($0, now: now, names: names) }, "waiting": onTime.map { row($0, now: now, names: names) },
                "rejected": rejected.map { row($0, now: now, names: names) },
                "overdueCount": Format.count(overdue.count), "waitingCount": Format.count(onTime.count), "rejectedCount": Format.count(rejected.count),
                "submittable": submittable, "hasSubmittable": !submittable.isEmpty, "csrf": context.session?.csrfToken ?? false,
                "draftAccount": draft?.account ?? "", "draftPayload": draft.map { Self.pretty($0.payload) } ?? "{}",
                "draftFilled": draft.map { $0.prefilled.isEmpty ? false : $0.prefilled.joined(separator: ", ") as Any } ?? false,
            ], context: context)
    }

    @Sendable func submitFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let fields = FormFields(try await request.body.collect(upTo: 256 * 1024))
        let kind = fields.value("handoff") ?? ""
        guard policy.allows(principal, .submitHandoff(kind)) else { return Pages.forbidden(principal) }
        let value: JSONValue
        do { value = try JSONParser.parse(fields.value("payload") ?? "") } catch {
            return renderer.render(
                "not-found", ["message": "The payload is not valid JSON: \(error). Go back and fix it."], context: context, status: .badRequest)
        }
        let previous = fields.value("previous").flatMap { $0.isEmpty ? nil : $0 }
        guard context.scope.admits(fields.value("account") ?? "") else { return Pages.forbidden(principal) }
        do {
            let handoff = try await desk.submit(
                handoff: kind, account: fields.value("account") ?? "", payload: value, previous: previous, actor: principal.auditName, origin: context.origin)
            return Response(status: .seeOther, headers: [.location: "/handoffs/\(handoff.id)"])
        } catch let failure as HandoffDesk.Failure {
            return renderer.render("not-found", ["message": failure.description], context: context, status: .badRequest)
        }
    }

    @Sendable func handoffPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let handoff = try await desk.store.handoff(id: id) else {
            return renderer.render("not-found", ["message": "There is no handoff with id \(id)."], context: context, status: .notFound)
        }
        guard context.scope.admits(handoff.accountID) else {
            return renderer.render("forbidden", ["message": "This handoff is about an account that is not in your book."], context: context, status: .forbidden)
        }
        var earlier: [Handoff] = []
        var previous = handoff.previousID
        while let next = previous, earlier.count < 50, let found = try await desk.store.handoff(id: next) {
            earlier.append(found)
            previous = found.previousID
        }
        let definition = try? desk.definition(handoff.handoff)
        let principal = try context.requireIdentity()
        let now = desk.now()
        let names = try await self.names([handoff] + earlier)
        var view = row(handoff, now: now, names: names)
        view["name"] = definition?.name ?? handoff.handoff
        view["from"] = definition?.from.function ?? ""
        view["to"] = definition?.to.function ?? ""
        view["payload"] = Self.pretty(handoff.payload)
        view["problems"] = handoff.problems.map { ["field": $0.field, "message": $0.message] }
        view["hasProblems"] = !handoff.problems.isEmpty
        view["breachedAt"] = handoff.breachedAt?.iso ?? false
        view["decidedBy"] = handoff.decidedBy.map(names.actor) ?? false
        view["decidedAt"] = handoff.decidedAt?.iso ?? ""
        view["reason"] = handoff.reason?.rawValue ?? false
        view["comment"] = handoff.comment ?? ""
        view["canDecide"] = handoff.status == .waiting && policy.allows(principal, .decideHandoff(handoff.handoff))
        view["reasons"] = Handoff.Reason.allCases.map(\.rawValue)
        view["earlier"] = earlier.map { row($0, now: now, names: names) }
        view["hasEarlier"] = !earlier.isEmpty
        view["csrf"] = context.session?.csrfToken ?? false
        return renderer.render("handoff", view, context: context)
    }

    @Sendable func decideFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let fields = FormFields(try await request.body.collect(upTo: 64 * 1024))
        guard let current = try await desk.store.handoff(id: id) else {
            return renderer.render("not-found", ["message": "There is no handoff with id \(id)."], context: context, status: .notFound)
        }
        guard policy.allows(principal, .decideHandoff(current.handoff)), context.scope.admits(current.accountID) else { return Pages.forbidden(principal) }
        let reason = fields.value("reason").flatMap(Handoff.Reason.init(rawValue:))
        do {
            _ = try await desk.decide(
                id, accept: fields.value("decision") == "accept", reason: reason, comment: fields.value("comment"), actor: principal.auditName,
                origin: context.origin)
            return Response(status: .seeOther, headers: [.location: "/handoffs/\(id)"])
        } catch let failure as HandoffDesk.Failure {
            return renderer.render("not-found", ["message": failure.description], context: context, status: .badRequest)
        }
    }

    @Sendable func triagePage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let text = request.uri.queryParameters.text("week")
        guard let week = text.map({ ISOWeek($0) }) ?? ISOWeek(containing: today()) else {
            return renderer.render("not-found", ["message": "'\(text ?? "")' is not an ISO week such as 2026-W47."], context: context, status: .badRequest)
        }
        var report = try await reporting.triage(week)
        report.slaBreaches = context.scope.filter(report.slaBreaches, account: { $0.accountID })
        let principal = try context.requireIdentity()
        let now = desk.now()
        let names = try await self.names(report.slaBreaches)
        func counts(_ items: [Count], people: Bool = false) -> [[String: Any]] {
            items.map { ["key": people ? names.actor($0.key) : ["name": $0.key, "href": false], "count": Format.count($0.count)] }
        }
        return renderer.render(
            "triage",
            [
                "week": report.week, "submitted": Format.count(report.submitted), "rejections": Format.count(report.rejections),
                "breaches": Format.count(report.slaBreaches.count),
                "median": report.timeToDecision.medianHours.map { "\(Format.oneDecimal($0)) h" } ?? "—",
                "p90": report.timeToDecision.p90Hours.map { "\(Format.oneDecimal($0)) h" } ?? "—",
                "groups": [
                    ["title": "By transition", "column": "Transition", "counts": counts(report.byTransition)],
                    ["title": "By reason", "column": "Reason", "counts": counts(report.byReason)],
                    ["title": "By sender", "column": "Sender", "counts": counts(report.bySender, people: true)],
                    ["title": "By receiver", "column": "Receiver", "counts": counts(report.byReceiver, people: true)],
                    ["title": "Repeat offenders", "column": "Sender", "counts": counts(report.repeatOffenders, people: true)],
                ] as [[String: Any]],
                "slaBreaches": report.slaBreaches.map { row($0, now: now, names: names) },
                "notes": (report.rootCauses + report.proposals).map {
                    [
                        "kind": $0.kind == .rootCause ? "Root cause" : "Proposal", "handoff": $0.handoff.map(transitionName) ?? false, "text": $0.text,
                        "by": names.actor($0.by),
                    ] as [String: Any]
                },
                "canNote": policy.allows(principal, .writeTriageNotes), "transitions": desk.spec.handoffs.map { ["id": $0.id, "name": $0.name] },
                "csrf": context.session?.csrfToken ?? false,
            ], context: context)
    }

    @Sendable func addTriageNoteFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let fields = FormFields(try await request.body.collect(upTo: 64 * 1024))
        guard let week = ISOWeek(fields.value("week") ?? ""), let kind = TriageNote.Kind(rawValue: fields.value("kind") ?? ""),
            let text = fields.value("text")?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
        else {
            return renderer.render("not-found", ["message": "A note needs a week, a kind and some text."], context: context, status: .badRequest)
        }
        let handoff = fields.value("handoff").flatMap { $0.isEmpty ? nil : $0 }
        let note = TriageNote(week: week.description, kind: kind, handoff: handoff, text: text, by: principal.auditName, at: desk.now())
        try await desk.store.saveTriageNote(
            note,
            audit: AuditEntry(
                at: note.at, actor: principal.auditName, origin: context.origin, action: "triage.note_written", target: "week:\(week)",
                after: ["kind": .string(kind.rawValue), "text": .string(text)]))
        return Response(status: .seeOther, headers: [.location: "/reports/triage?week=\(week)"])
    }

    @Sendable func portfolioPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let by = request.uri.queryParameters.text("by") ?? "segment"
        let report = try await reporting.portfolio(asOf: today())
        let groupings = [("segment", "Segment"), ("cohort", "Cohort"), ("csm", "CSM"), ("rep", "Sales rep")]
        let states = OutcomeProgress.State.allCases.map(\.rawValue)
        let people = Dictionary(desk.spec.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = report.rows.map { row -> [String: Any] in
            let breakdown =
                switch by {
                case "cohort": row.byCohort
                case "csm": row.byCSM
                case "rep": row.byRep
                default: row.bySegment
                }
            return [
                "outcome": row.outcome, "model": row.model, "groupName": groupings.first { $0.0 == by }?.1 ?? "Segment",
                "states": states.map { $0.replacingOccurrences(of: "_", with: " ") },
                "total": states.map { Format.count(row.states[$0] ?? 0) },
                "groups": breakdown.groups.keys.sorted().map { key -> [String: Any] in
                    ["name": people[key] ?? key, "counts": states.map { Format.count(breakdown.groups[key]?[$0] ?? 0) }]
                },
            ]
        }
        return renderer.render(
            "portfolio",
            [
                "accounts": Format.count(report.accounts), "rows": rows,
                "groupings": groupings.map { ["id": $0.0, "name": $0.1, "selected": $0.0 == by] as [String: Any] },
            ], context: context)
    }

    /// The outcome portfolio: states per outcome, broken down by cohort, segment, CSM or sales rep.
    func addPortfolio(to routes: GuardedRoutes) {
        routes.get("/outcomes", .allowed(.readClientData), page: true, use: portfolioPage)
    }

    private func names(_ handoffs: [Handoff]) async throws -> PageNames {
        try await PageNames.load(spec: desk.spec, store: nameStore, accounts: handoffs.map(\.accountID))
    }

    private func transitionName(_ id: String) -> String { desk.spec.handoffs.first { $0.id == id }?.name ?? id }

    private func row(_ handoff: Handoff, now: Instant, names: PageNames) -> [String: Any] {
        var note = ""
        if handoff.isOverdue(at: now) { note = "overdue by \(Format.oneDecimal(Double(now.milliseconds - handoff.dueAt.milliseconds) / 3_600_000)) h" }
        if let reason = handoff.reason { note = "\(reason.rawValue): \(handoff.comment ?? "")" }
        if handoff.status == .autoRejected { note = "\(handoff.problems.count) problems" }
        return [
            "id": handoff.id, "handoff": transitionName(handoff.handoff), "accountID": handoff.accountID, "account": names.account(handoff.accountID),
            "status": handoff.status.rawValue, "submittedBy": names.actor(handoff.submittedBy),
            "submittedAt": String(handoff.submittedAt.iso.prefix(16)).replacingOccurrences(of: "T", with: " "),
            "dueAt": String(handoff.dueAt.iso.prefix(16)).replacingOccurrences(of: "T", with: " "), "note": note,
        ]
    }

    /// An example payload with every field of the schema, for the form.
    static func template(_ definition: HandoffDefinition) -> String { pretty(.object(definition.payload.mapValues(HandoffDesk.placeholder))) }

    static func pretty(_ value: JSONValue) -> String {
        guard let data = value.canonicalText.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
            let text = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        else { return value.canonicalText }
        return String(decoding: text, as: UTF8.self)
    }
}
