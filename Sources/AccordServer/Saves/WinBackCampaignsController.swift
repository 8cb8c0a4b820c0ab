import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Win-back campaigns over HTTP: start one from the ranked list (named accounts, or the top N of
/// one reason), read one with who came back (JSON, or CSV of its members for the marketing
/// tool), close it. Marketing, sales and CS start and close them; anyone else gets 403.
struct WinBackCampaignsController {
    let desk: WinBackDesk
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/win-back/campaigns", .allowed(.readClientData), use: list)
        routes.post("/api/v1/win-back/campaigns", .signedIn, use: start)
        routes.get("/api/v1/win-back/campaigns/{id}", .allowed(.readClientData), use: one)
        routes.post("/api/v1/win-back/campaigns/{id}/close", .signedIn, use: close)
    }

    static let columns = ["campaign", "rank", "account", "name", "segment", "reason", "churned_on", "chance", "offer", "mrr_before", "won_back_on", "mrr_now"]

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var campaigns: [WinBackResults.Campaign] }
        let results = try await desk.results(asOf: today())
        return try JSON.response(Body(campaigns: results.campaigns.map { Self.visible($0, context) }))
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let campaign = try await desk.results(asOf: today()).campaigns.first(where: { $0.id == id }) else {
            throw APIError.notFound("no win-back campaign with id '\(id)'")
        }
        let shown = Self.visible(campaign, context)
        if try MetricsController.wantsCSV(request) {
            let rows = shown.outcomes.map { member -> [CSVText.Cell] in
                [
                    .text(shown.id), .integer(Int64(member.rank)), .text(member.account), .text(member.name), .text(member.segment),
                    .text(member.reason?.rawValue ?? ""), .text(member.churnedOn.iso), .integer(Int64(member.points)),
                    shown.offer.map(CSVText.Cell.text) ?? .empty, .number(Double(member.mrrCentsBefore) / 100),
                    member.wonBackOn.map { .text($0.iso) } ?? .empty,
                    member.wonBackOn == nil ? .empty : .number(Double(member.mrrCents) / 100),
                ]
            }
            return MetricsController.csv(CSVText.encode(header: Self.columns, rows: rows), name: "win-back-\(shown.id).csv")
        }
        return try JSON.response(shown)
    }

    @Sendable func start(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["name", "offer", "accounts", "top", "reason"])
        guard let name = try body.text("name", required: true) else { throw APIError.badBody("name: what people will call the campaign") }
        var accounts: [String] = []
        switch body["accounts"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let account) = item else { throw APIError.badBody("accounts: a list of account ids") }
                accounts.append(account)
            }
        default: throw APIError.badBody("accounts: a list of account ids")
        }
        let top = try body.number("top")
        if let top, top < 1 || top != top.rounded() { throw APIError.badBody("top: a whole number of clients, at least 1") }
        let reasonText = try body.text("reason")
        var reason: ChurnReason?
        if let reasonText {
            guard let value = ChurnReason(rawValue: reasonText) else {
                throw APIError.badBody("reason: '\(reasonText)' is not one of \(ChurnReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            reason = value
        }
        if accounts.isEmpty && top == nil { throw APIError.badBody("name the members: accounts (a list of ids) or top (the first N of the list)") }
        if !accounts.isEmpty && (top != nil || reason != nil) {
            throw APIError.badBody("accounts names the members; top and reason pick them: send one or the other")
        }
        let person = try Self.person(context, desk.spec)
        let scope = context.scope
        let selection = WinBackDesk.Selection(accounts: accounts, top: top.map { Int($0) }, reason: reason)
        return try await Self.mapped {
            let campaign = try await desk.startCampaign(
                name: name, offer: try body.text("offer"), selection: selection, by: person, origin: context.origin,
                at: WinBackCampaignsController.moment(now: now, today: today), admits: { scope.admits($0) })
            return try JSON.response(campaign, status: .created)
        }
    }

    @Sendable func close(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["note"])
        let person = try Self.person(context, desk.spec)
        let id = try context.parameters.require("id")
        return try await Self.mapped {
            try JSON.response(
                try await desk.closeCampaign(
                    id, note: try body.text("note"), by: person, origin: context.origin, at: WinBackCampaignsController.moment(now: now, today: today)))
        }
    }

    /// The instant of an action: now, on the day the server reports as of (they differ only when
    /// a test or a demo pins the day), so a campaign starts from the list people see.
    static func moment(now: () -> Instant, today: () -> Day) -> Instant {
        let instant = now()
        let day = today()
        return instant.day == day ? instant : Instant(day: day, seconds: Int((instant.milliseconds / 1000) % 86_400))
    }

    /// Members outside the asker's book are left out of what they read.
    static func visible(_ campaign: WinBackResults.Campaign, _ context: AccordRequestContext) -> WinBackResults.Campaign {
        var shown = campaign
        shown.outcomes = context.scope.filter(campaign.outcomes, account: { $0.account })
        return shown
    }

    /// The lifecycle's errors as statuses, for the API and the pages alike: the wrong function is
    /// 403, a closed campaign or a changed one 409, an unknown one 404, the rest 400.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as WinBackCampaignMachine.Failure {
            switch failure {
            case .notAllowed: throw APIError.forbidden(failure.description)
            case .finished: throw APIError(status: .conflict, code: "conflict", message: failure.description)
            default: throw APIError.badBody(failure.description)
            }
        } catch let failure as WinBackDesk.Failure {
            throw APIError.notFound(failure.description)
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "conflict", message: message)
        }
    }

    static func person(_ context: AccordRequestContext, _ spec: Spec) throws -> Person {
        let principal = try context.requireIdentity()
        guard principal.role != .viewer, let id = principal.personID, let person = spec.person(id) else {
            throw APIError.forbidden(
                principal.role == .viewer
                    ? "a viewer reads win-back campaigns and does not run them" : "a campaign is started by a person: use a personal token or sign in")
        }
        return person
    }
}
