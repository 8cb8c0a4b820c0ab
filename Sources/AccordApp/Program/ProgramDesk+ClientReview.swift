public import AccordCore
import AccordStore

extension ProgramDesk {
    /// A client's business review pack as of `asOf`, or nil for an unknown client.
    public func clientReview(account id: String, asOf: Day, now: Instant) async throws -> ClientReview? {
        guard let detail = try await store.account(id: id) else { return nil }
        var inputs = ClientReview.Inputs(account: detail.account, subscription: detail.subscription)
        inputs.contacts = detail.contacts
        inputs.events = try await store.events(
            EventQuery(accountID: id, from: Instant(day: asOf.adding(days: -89)), to: Instant(day: asOf.adding(days: 1)), limit: 2_000)
        ).events.map(\.event)
        let reports = HandoffReportDesk(spec: spec, store: store)
        let models = try await reports.activeOrSpecModels()
        if let card = try await reports.scorecard(account: id, segment: detail.account.segment, asOf: asOf) {
            inputs.progress = card.outcomes
            inputs.modelSigned = card.modelSigned
            inputs.model = models.first { $0.id == card.model }
        }
        // The renewal calendar's own risk and reasons, over a year so a later renewal is rated too.
        let (facts, board) = try await DashboardDesk(spec: spec, store: store).dashboard(asOf: asOf, now: now)
        let calendar = RenewalCalendar.build(facts, board: board, histories: try await reports.histories(models, account: id), models: models, days: 366)
        inputs.renewal = calendar.rows.first { $0.account == id }
        inputs.health = try await HealthDesk(spec: spec, store: store).account(id, asOf: asOf)?.now
        inputs.handoffs = try await store.handoffs(HandoffQuery(accountID: id, limit: 200))
        return ClientReview.build(inputs, spec: spec, asOf: asOf, now: now)
    }
}
