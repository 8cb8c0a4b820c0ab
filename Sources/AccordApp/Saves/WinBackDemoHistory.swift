import AccordCore
import AccordStore

extension WinBackDesk {
    /// A year of win-back for the demo company, through the same lifecycle and writes as live
    /// campaigns: price and budget leavers offered a discount twice, service leavers offered
    /// training, and this month's top of the list on a longer term, still running. Who came back
    /// is whatever the company's history says: the figures are measured, not staged.
    public func seedDemoCampaigns(asOf: Day) async throws {
        guard
            let marketer = spec.people.first(where: { $0.function == "marketing" && $0.role == .leader })
                ?? spec.people.first(where: WinBackCampaignMachine.mayRun)
        else { return }
        func offer(_ id: String) -> String? { spec.concessions?.offer(id) == nil ? nil : id }
        let plan: [(days: Int, closeAfter: Int?, name: String, offer: String?, selection: Selection)] = [
            (330, 185, "Spring win-back: the top of the list", offer("discount"), Selection(top: 6)),
            (300, 185, "Budget returns: the new fiscal year", offer("discount"), Selection(top: 6, reason: .budget)),
            (240, 185, "Service fixed: come and see", offer("training"), Selection(top: 6, reason: .service)),
            (130, 80, "Autumn win-back: price leavers", offer("discount"), Selection(top: 8, reason: .price)),
            (40, nil, "This month's top of the list", offer("longer_term"), Selection(top: 10)),
        ]
        for step in plan {
            let start = Instant(day: asOf.adding(days: -step.days), seconds: 10 * 3600)
            let campaign: WinBackCampaign
            do {
                campaign = try await startCampaign(
                    name: step.name, offer: step.offer, selection: step.selection, by: marketer, origin: "local", at: start,
                    id: "wbc_" + String(StableHash.hex("demo\u{1F}\(step.name)\u{1F}\(start.day.iso)").prefix(12)))
            } catch WinBackCampaignMachine.Failure.noMembers {
                continue  // a small demo company may have no leaver of that reason yet
            }
            if let after = step.closeAfter {
                _ = try await closeCampaign(
                    campaign.id, note: "six months followed; the next list takes over", by: marketer, origin: "local",
                    at: Instant(day: start.day.adding(days: after), seconds: 16 * 3600))
            }
        }
    }
}
