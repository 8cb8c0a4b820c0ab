import AccordApp
import AccordCore
import AccordStore
import Hummingbird
import Mustache
import NIOCore

/// The web pages: account list with headline numbers, and one page per account.
struct PagesController {
    let configuration: ServerConfiguration
    let renderer: PageRenderer
    let reports: HandoffReportDesk
    let health: HealthDesk

    func add(to routes: GuardedRoutes) {
        routes.get("/", .allowed(.readClientData), page: true, use: homePage)
        routes.get("/accounts/{id}", .allowed(.readClientData), page: true, use: accountPage)
    }

    @Sendable func homePage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await home(request, context)
    }

    @Sendable func accountPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let detail = try await configuration.store.account(id: id) else {
            if let survivor = try await configuration.store.currentAccountID(id), survivor != id {
                // A merged account's address keeps working: it leads to the account it became.
                return Response(status: .seeOther, headers: [.location: "/accounts/\(survivor)"])
            }
            return renderer.render("not-found", ["message": "There is no account with id \(id)."], context: context, status: .notFound)
        }
        if !context.scope.admits(detail.account.id) {
            return renderer.render(
                "forbidden", ["message": "Account \(detail.account.id) is not in your book of accounts."], context: context, status: .forbidden)
        }
        var view = accountView(detail)
        // The systems that hold this client, and when each last sent or synced it.
        view["systems"] = try await configuration.store.identities(accountID: detail.account.id).map { identity -> [String: Any] in
            [
                "source": identity.source, "kind": identity.kind, "externalID": identity.externalID, "rule": identity.rule ?? "",
                "updated": Format.clock(identity.updatedAt),
            ]
        }
        let now = configuration.now()
        view["tickets"] = detail.tickets.map { t -> [String: Any] in
            [
                "subject": t.subject, "status": t.status, "open": t.isOpen, "priority": t.priority ?? "–", "source": t.source, "key": t.key,
                "opened": t.openedAt.map(Format.minute) ?? "–", "age": t.ageDays(now: now).map { "\(Format.count($0)) d" } ?? "–",
            ]
        }
        view["openTickets"] = Format.count(detail.tickets.filter(\.isOpen).count)
        view["marketing"] = marketingView(detail)
        view["reasonForm"] = reasonForm(detail, context)
        let card = try await reports.scorecard(account: detail.account.id, segment: detail.account.segment, asOf: configuration.today())
        view["scorecard"] =
            card.map { card -> [String: Any] in
                let labels: [OutcomeProgress.State: String] = [
                    .notYetDue: "not yet due", .onTrack: "on track", .atRisk: "at risk", .achieved: "achieved", .missed: "missed",
                ]
                return [
                    "model": card.model, "modelSigned": card.modelSigned,
                    "outcomes": card.outcomes.map { o -> [String: Any] in
                        [
                            "outcome": o.outcome, "state": o.state.rawValue,
                            "label": o.achievedOn.map { "achieved \($0.iso)" } ?? labels[o.state] ?? o.state.rawValue,
                            "value": o.measure == "usage_ratio" ? Format.oneDecimal(o.value * 100) + "%" : Format.oneDecimal(o.value),
                            "target": o.measure == "usage_ratio" ? Format.oneDecimal(o.target * 100) + "%" : Format.oneDecimal(o.target), "due": o.due.iso,
                            "evidence": o.evidence.last ?? "–",
                        ]
                    },
                ]
            } ?? false
        let handoffs = try await configuration.store.handoffs(HandoffQuery(accountID: detail.account.id, limit: 100))
        view["timeline"] = AccountTimeline.entries(events: detail.recentEvents, handoffs: handoffs, tickets: detail.tickets, spec: configuration.spec).prefix(
            60
        ).map(\.view)
        view["mrrChart"] = Charts.mrrHistory(detail.movements, asOf: configuration.today()) ?? false
        view["health"] =
            try await health.account(detail.account.id, asOf: configuration.today()).map { HealthViews.account($0, config: configuration.spec.health) }
            ?? false
        return renderer.render("account", view, context: context)
    }

    /// How the client came (from the marketing automation sync), and the handoffs that carry it.
    private func marketingView(_ detail: AccountDetail) -> [String: Any] {
        let context = detail.marketing ?? MarketingContext.of(detail.account, touches: detail.touches)
        let carrying = configuration.spec.handoffs.filter { !context.prefill($0.payload).isEmpty }
        return [
            "motivation": context.buyingMotivation ?? "–", "content": context.contentConsumed, "hasContent": !context.contentConsumed.isEmpty,
            "firstTouch": context.firstTouchOn?.iso ?? "–", "touchCount": Format.count(context.touches), "hasTouches": !detail.touches.isEmpty,
            "touches": detail.touches.reversed().prefix(20).map { t -> [String: Any] in
                ["content": t.content, "who": t.email ?? "–", "when": Format.minute(t.occurredAt), "source": t.source, "key": t.key]
            },
            "prepare": carrying.map { ["id": $0.id, "name": $0.name, "account": detail.account.id] },
        ]
    }

    private func home(_ request: Request, _ context: AccordRequestContext) async throws -> Response {
        var query: AccountQuery
        do {
            query = try AccountsController.query(from: request)
        } catch let error as APIError {
            return renderer.render("not-found", ["message": error.message], context: context, status: .badRequest)
        }
        query.book = context.scope.book
        let page: AccountPage
        do {
            page = try await configuration.store.accounts(query)
        } catch let error as StoreError {
            return renderer.render("not-found", ["message": error.description], context: context, status: .badRequest)
        }
        let headline = try await configuration.store.headline(asOf: configuration.today())
        let people = Dictionary(configuration.spec.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func options(_ values: [(String, String)], selected: String?) -> [[String: Any]] {
            [["value": "", "label": "Any", "selected": selected == nil]]
                + values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
        }
        var nextLink: String?
        if let cursor = page.nextCursor {
            var parts = ["cursor=\(cursor)"]
            if let q = query.search, !q.isEmpty { parts.append("q=\(q.addingPercentEncodingForQuery)") }
            if let s = query.segment { parts.append("segment=\(s.addingPercentEncodingForQuery)") }
            if let s = query.stage { parts.append("stage=\(s.rawValue)") }
            if let s = query.source { parts.append("source=\(s.rawValue)") }
            nextLink = "/?" + parts.joined(separator: "&")
        }
        let view: [String: Any] = [
            "headline": [
                "activeClients": Format.count(headline.activeClients), "churnedClients": Format.count(headline.churnedClients),
                "prospects": Format.count(headline.prospects), "mrr": Format.dollars(cents: headline.mrrCents),
                "arr": Format.dollars(cents: headline.arrCents), "nps": headline.nps.score.map(Format.signed) ?? "–",
                "npsResponses": Format.count(headline.nps.responses), "csat": headline.csat.score.map { Format.oneDecimal($0) + "%" } ?? "–",
                "csatResponses": Format.count(headline.csat.responses),
            ],
            "filters": ["q": query.search ?? ""],
            "segments": options(configuration.spec.segments.map { ($0.id, $0.name) }, selected: query.segment),
            "stages": options(LifecycleStage.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.stage?.rawValue),
            "sources": options([("marketing", "Marketing"), ("sales", "Sales")], selected: query.source?.rawValue),
            "accounts": page.accounts.map { a -> [String: Any] in
                [
                    "id": a.id, "name": a.name, "segment": a.segment, "stage": a.lifecycleStage.rawValue,
                    "source": a.acquisitionSource.rawValue, "cohort": a.cohort ?? "–", "seats": Format.count(a.licensedSeats),
                    "mrr": Format.dollars(cents: a.mrrCents), "renewal": a.renewalOn?.iso ?? "–",
                    "csm": a.ownerCS.map { people[$0] ?? $0 } ?? "–",
                ]
            },
            "total": Format.count(page.total),
            "shown": Format.count(page.accounts.count),
            "nextLink": nextLink ?? false,
        ]
        return renderer.render("home", view, context: context)
    }

    /// For a client that churned, the form that records why (marketing, sales and CS may).
    private func reasonForm(_ detail: AccountDetail, _ context: AccordRequestContext) -> Any {
        guard let churn = detail.movements.filter({ $0.kind == .churn }).max(by: { $0.occurredOn < $1.occurredOn }),
            let principal = context.identity, principal.role != .viewer,
            let person = principal.personID.flatMap({ configuration.spec.person($0) }), WinBackCampaignMachine.mayRun(person)
        else { return false }
        let current = detail.account.churnReason
        return [
            "day": churn.occurredOn.iso, "csrf": context.session?.csrfToken ?? false, "recorded": current != nil,
            "reasons": ChurnReason.allCases.map { ["id": $0.rawValue, "label": $0.label, "selected": $0.rawValue == current] },
        ] as [String: Any]
    }

    private func accountView(_ detail: AccountDetail) -> [String: Any] {
        let a = detail.account
        let people = Dictionary(configuration.spec.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return [
            "id": a.id, "name": a.name, "domain": a.domain ?? "–", "segment": a.segment, "stage": a.lifecycleStage.rawValue,
            "source": a.acquisitionSource.rawValue, "cohort": a.cohort ?? "–", "seats": Format.count(a.licensedSeats),
            "mrr": Format.dollars(cents: detail.subscription?.mrrCents ?? 0),
            "renewal": detail.subscription?.status == .active ? detail.subscription!.renewalOn.iso : false,
            "csm": a.ownerCS.map { people[$0] ?? $0 } ?? "–", "sales": a.ownerSales.map { people[$0] ?? $0 } ?? "–",
            "churned": a.churnedOn?.iso ?? false, "churnReason": a.churnReason.map { ChurnReason(rawValue: $0)?.label ?? $0 } ?? "reason not recorded",
            "contacts": detail.contacts.map { c -> [String: Any] in
                [
                    "name": c.name, "role": c.stakeholderRole.rawValue, "title": c.title ?? "–", "influence": c.influence,
                    "lastEngaged": c.lastEngagedOn?.iso ?? "never",
                ]
            },
            "movements": detail.movements.map { m -> [String: Any] in
                let sign = [.contraction, .churn].contains(m.kind) ? "−" : "+"
                return [
                    "date": m.occurredOn.iso, "kind": m.kind.rawValue, "amount": sign + Format.dollars(cents: m.amountCents),
                    "after": Format.dollars(cents: m.mrrAfterCents),
                ]
            },
        ]
    }
}

extension String {
    var addingPercentEncodingForQuery: String {
        var allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".unicodeScalars)
        allowed.remove("&")
        var out = ""
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 128, allowed.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
