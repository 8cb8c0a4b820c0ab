import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The campaign pages: the list, one campaign with who came back, and the forms that start one
/// from `/win-back` and close it. The same lifecycle and refusals as the API.
struct WinBackCampaignPagesController {
    let desk: WinBackDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/win-back/campaigns", .allowed(.readClientData), page: true, use: listPage)
        routes.post("/win-back/campaigns", .signedIn, page: true, use: startFromPage)
        routes.get("/win-back/campaigns/{id}", .allowed(.readClientData), page: true, use: campaignPage)
        routes.post("/win-back/campaigns/{id}/close", .signedIn, page: true, use: closeFromPage)
    }

    static func rate(_ interval: ShareInterval?) -> String {
        interval.map { "\(Format.percent($0.share)) (95% \(Format.percent($0.low))–\(Format.percent($0.high)))" } ?? "—"
    }

    func offerName(_ id: String?) -> String { id.map { desk.spec.concessions?.offer($0)?.name ?? $0 } ?? "a conversation, no offer" }

    @Sendable func listPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let results = try await desk.results(asOf: today())
        let rows = results.campaigns.map { campaign -> [String: Any] in
            [
                "id": campaign.id, "name": campaign.name, "offer": offerName(campaign.offer), "status": campaign.status.rawValue,
                "started": campaign.startedOn.iso, "members": Format.count(campaign.members), "wonBack": Format.count(campaign.wonBack),
                "rate": Self.rate(campaign.rate), "mrr": Format.dollars(cents: campaign.mrrWonBackCents),
                "window": campaign.final ? "final" : "followed until \(campaign.windowEnd.iso)",
            ]
        }
        return renderer.render(
            "win-back-campaigns",
            [
                "rows": rows, "count": Format.count(rows.count), "running": Format.count(results.campaigns.filter { $0.status == .running }.count),
                "wonBack": Format.count(results.campaigns.map(\.wonBack).reduce(0, +)),
                "mrr": Format.dollars(cents: results.campaigns.map(\.mrrWonBackCents).reduce(0, +)),
            ], context: context)
    }

    @Sendable func campaignPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let found = try await desk.results(asOf: today()).campaigns.first(where: { $0.id == id }) else {
            return renderer.render("not-found", ["message": "There is no win-back campaign with id \(id)."], context: context, status: .notFound)
        }
        let campaign = WinBackCampaignsController.visible(found, context)
        let stored = try await desk.store.winBackCampaign(id: id)?.campaign
        let names = try await PageNames.load(spec: desk.spec, store: desk.store, accounts: campaign.outcomes.map(\.account))
        let principal = try context.requireIdentity()
        let me = principal.personID.flatMap { desk.spec.person($0) }
        let canRun = me.map(WinBackCampaignMachine.mayRun) ?? false
        return renderer.render(
            "win-back-campaign",
            [
                "id": campaign.id, "name": campaign.name, "offer": offerName(campaign.offer), "status": campaign.status.rawValue,
                "started": campaign.startedOn.iso, "windowEnd": campaign.windowEnd.iso, "final": campaign.final,
                "members": Format.count(campaign.members), "wonBack": Format.count(campaign.wonBack), "rate": Self.rate(campaign.rate),
                "mrr": Format.dollars(cents: campaign.mrrWonBackCents), "by": stored.map { names.person($0.createdBy) } ?? false,
                "closed": stored?.closedOn.map { day in
                    ["on": day.iso, "by": stored?.closedBy.map(names.person) ?? [:], "note": stored?.note ?? ""] as [String: Any]
                }
                    ?? false,
                "rows": campaign.outcomes.map { member -> [String: Any] in
                    [
                        "rank": member.rank, "account": member.account, "client": names.account(member.account),
                        "reason": member.reason?.label ?? "not recorded",
                        "churned": member.churnedOn.iso, "chance": member.points, "before": Format.dollars(cents: member.mrrCentsBefore),
                        "back": member.wonBackOn.map { ["on": $0.iso, "mrr": Format.dollars(cents: member.mrrCents)] } ?? false,
                    ]
                },
                "canClose": canRun && campaign.status == .running, "csrf": context.session?.csrfToken ?? false,
            ], context: context)
    }

    @Sendable func startFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fields = FormFields(try await request.body.collect(upTo: 256 * 1024))
        let accounts = fields.values("account").filter { !$0.isEmpty }
        let top = fields.value("top").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let reason = fields.value("reason").flatMap { $0.isEmpty ? nil : ChurnReason(rawValue: $0) }
        let offer = fields.value("offer").flatMap { $0.isEmpty ? nil : $0 }
        let scope = context.scope
        return try await act(context) { person in
            if accounts.isEmpty && top == nil { throw APIError.badBody("tick the clients to include, or give the top N of the list") }
            let selection = accounts.isEmpty ? WinBackDesk.Selection(top: top, reason: reason) : WinBackDesk.Selection(accounts: accounts)
            return try await desk.startCampaign(
                name: fields.value("name") ?? "", offer: offer, selection: selection, by: person, origin: context.origin,
                at: WinBackCampaignsController.moment(now: now, today: today),
                admits: { scope.admits($0) }
            ).id
        }
    }

    @Sendable func closeFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let fields = FormFields(try await request.body.collect(upTo: 16 * 1024))
        return try await act(context) { person in
            try await desk.closeCampaign(
                id, note: fields.value("note"), by: person, origin: context.origin, at: WinBackCampaignsController.moment(now: now, today: today)
            ).id
        }
    }

    /// Runs one step as the signed-in person and goes to the campaign; a refusal is the page's status with the lifecycle's words.
    private func act(_ context: AccordRequestContext, _ body: (Person) async throws -> String) async throws -> Response {
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let person = principal.personID.flatMap({ desk.spec.person($0) }) else { return Pages.forbidden(principal) }
        do {
            let id = try await WinBackCampaignsController.mapped { try await body(person) }
            return Response(status: .seeOther, headers: [.location: "/win-back/campaigns/\(id)"])
        } catch let error as APIError {
            return renderer.render(
                error.status == .forbidden ? "forbidden" : "not-found", ["message": "\(error.message). Go back and choose again."], context: context,
                status: error.status)
        }
    }
}
