import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// `/today`, the page a person opens first: their overdue and due tasks, the renewals of their
/// book in the next 90 days with risk and reasons, the handoffs waiting for their function, and
/// new signals on their book, each ordered by the MRR at stake and shown by name.
struct CockpitPagesController {
    let desk: PlayDesk
    let accounts: PlayAccounts
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/today", .allowed(.readClientData), page: true, use: todayPage)
        routes.post("/tasks/{id}/done", .signedIn, page: true, use: doneFromPage)
        routes.post("/tasks/{id}/skip", .signedIn, page: true, use: skipFromPage)
    }

    /// Held tasks listed on the cockpit; the rest are counted.
    static let heldShown = 20

    @Sendable func todayPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let spec = desk.spec
        let me = request.uri.queryParameters.text("person") ?? principal.personID
        guard let me, let person = spec.person(me) else {
            return renderer.render(
                "not-found", ["message": "The cockpit is a person's: sign in as one, or add ?person= with a person id of the spec."], context: context,
                status: .badRequest)
        }
        let day = today()
        let accounts = try await self.accounts.accounts(asOf: day)
        let byID = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func name(_ account: String) -> String { byID[account]?.name ?? account }
        func mrr(_ account: String) -> Int64 { byID[account]?.mrrCents ?? 0 }
        let tasks = context.scope.filter(try await desk.store.tasks(TaskQuery(owner: me, statuses: [.open], limit: 1000)), account: { $0.account })
            .sorted { ($0.due > day ? 1 : 0, -mrr($0.account), $0.due, $0.id) < ($1.due > day ? 1 : 0, -mrr($1.account), $1.due, $1.id) }
        // Held tasks wait for room under a play's cap: counted, the largest clients' listed; the play pages list them all.
        let held = context.scope.filter(try await desk.store.tasks(TaskQuery(owner: me, statuses: [.held], limit: 5000)), account: { $0.account })
            .sorted { (-mrr($0.account), $0.createdAt, $0.id) < (-mrr($1.account), $1.createdAt, $1.id) }
        let plays = Dictionary(spec.playbooks.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let taskRows = tasks.map { task -> [String: Any] in
            let late = task.due < day
            return [
                "id": task.id, "title": task.title, "account": task.account, "accountName": name(task.account), "mrr": Format.dollars(cents: mrr(task.account)),
                "play": plays[task.play] ?? task.play, "due": task.due.iso, "late": late && task.status == .open,
                "when": late ? "\(Format.count(day.number - task.due.number)) d overdue" : task.due == day ? "due today" : "due \(task.due.iso)",
                "handoff": task.handoff.map { "/handoffs?account=\(task.account)&handoff=\($0)#submit" } ?? false,
            ]
        }
        let mine = accounts.filter { ($0.ownerCS == me || $0.ownerSales == me) && !$0.churned(by: day) && context.scope.admits($0.id) }
        let renewals = mine.compactMap { account -> (PlayAccount, Day, RenewalCalendar.Risk, [String])? in
            guard let renewal = account.renewal(after: day), let health = account.health, renewal <= day.adding(days: 90), account.mrrCents > 0 else {
                return nil
            }
            let (risk, reasons) = PlayTriggers.renewalRisk(health, asOf: day)
            return (account, renewal, risk, reasons)
        }.sorted { (-$0.0.mrrCents, $0.1) < (-$1.0.mrrCents, $1.1) }
        let waiting = try await desk.store.handoffs(
            HandoffQuery(handoffs: Set(spec.handoffs.filter { $0.to.function == person.function }.map(\.id)), statuses: [.waiting], limit: 200))
        let handoffNames = Dictionary(spec.handoffs.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let signals = mine.flatMap { account in
            account.events.filter { ["risk_signal_detected", "expansion_signal_detected"].contains($0.name) && $0.day > day.adding(days: -14) }.map {
                (account, $0)
            }
        }.sorted { (-$0.0.mrrCents, $0.1.day) < (-$1.0.mrrCents, $1.1.day) }
        let view: [String: Any] = [
            "person": person.name, "me": me, "date": day.iso, "csrf": context.session?.csrfToken ?? false,
            "tasks": taskRows, "heldCount": Format.count(held.count), "hasHeld": !held.isEmpty,
            "held": held.prefix(Self.heldShown).map { task -> [String: Any] in
                [
                    "id": task.id, "title": task.title, "account": task.account, "accountName": name(task.account),
                    "mrr": Format.dollars(cents: mrr(task.account)),
                    "play": task.play, "playName": plays[task.play] ?? task.play, "because": task.heldBecause ?? "",
                ]
            },
            "heldMore": held.count > Self.heldShown ? Format.count(held.count - Self.heldShown) : false,
            "overdue": Format.count(tasks.filter { $0.status == .open && $0.due < day }.count),
            "dueSoon": Format.count(tasks.filter { $0.status == .open && $0.due >= day && $0.due <= day.adding(days: 7) }.count),
            "renewals": renewals.map { account, renewal, risk, reasons -> [String: Any] in
                [
                    "account": account.id, "name": account.name, "mrr": Format.dollars(cents: account.mrrCents), "renewal": renewal.iso,
                    "days": Format.count(renewal.number - day.number), "risk": risk.rawValue,
                    "reasons": reasons.isEmpty ? "—" : reasons.joined(separator: "; "),
                ]
            },
            "handoffs": context.scope.filter(waiting, account: { $0.accountID }).sorted { (-mrr($0.accountID), $0.dueAt) < (-mrr($1.accountID), $1.dueAt) }.map
            {
                handoff -> [String: Any] in
                [
                    "id": handoff.id, "handoff": handoffNames[handoff.handoff] ?? handoff.handoff, "account": handoff.accountID,
                    "name": name(handoff.accountID),
                    "mrr": Format.dollars(cents: mrr(handoff.accountID)), "due": Format.clock(handoff.dueAt), "late": handoff.dueAt < now(),
                ]
            },
            "signals": signals.prefix(50).map { account, event -> [String: Any] in
                [
                    "account": account.id, "name": account.name, "mrr": Format.dollars(cents: account.mrrCents), "day": event.day.iso,
                    "signal": event.name == "risk_signal_detected" ? "risk" : "expansion",
                    "detail": event.properties["signal"]?.stringValue ?? event.properties["initiated_by"]?.stringValue ?? "",
                ]
            },
        ]
        return renderer.render("today", view, context: context)
    }

    @Sendable func doneFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fields = FormFields(try await request.body.collect(upTo: 64 * 1024))
        return try await decideFromPage(.done(comment: fields.value("comment")), context)
    }

    @Sendable func skipFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fields = FormFields(try await request.body.collect(upTo: 64 * 1024))
        return try await decideFromPage(.skip(reason: fields.value("reason") ?? ""), context)
    }

    private func decideFromPage(_ decision: TaskStateMachine.Decision, _ context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        guard let task = try await desk.store.task(id: id) else {
            return renderer.render("not-found", ["message": "There is no task with id \(id)."], context: context, status: .notFound)
        }
        guard context.scope.admits(task.account), AccessPolicy(spec: desk.spec).allows(principal, .workTasks),
            let person = principal.personID.flatMap({ desk.spec.person($0) })
        else { return Pages.forbidden(principal) }
        do {
            _ = try await desk.decide(id, decision, by: person, origin: context.origin, at: now())
            return Response(status: .seeOther, headers: [.location: "/today"])
        } catch let failure as TaskStateMachine.Failure {
            if case .notYours = failure {
                return renderer.render("forbidden", ["message": failure.description], context: context, status: .forbidden)
            }
            return renderer.render("not-found", ["message": failure.description], context: context, status: .badRequest)
        }
    }
}
