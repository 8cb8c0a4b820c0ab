/// What a granted concession does to MRR: a discount, fewer seats or a longer term at a lower
/// price is a contraction now; a pause takes MRR to zero and brings it back when the pause ends.
/// Training and a free upgrade cost no MRR. A prospect has no MRR to move.
public enum ConcessionEffect {
    public static func movements(_ save: SaveCase, policy: ConcessionPolicy, mrrCents: Int64, on day: Day) -> [MRRMovement] {
        guard save.kind == .renewal, let grant = save.grant, let granted = grant.granted, let offer = policy.offer(grant.offer), mrrCents > 0 else {
            return []
        }
        switch offer.kind {
        case .discount, .fewerSeats, .longerTerm:
            let cut = min(mrrCents, Int64((Double(mrrCents) * granted / 100).rounded()))
            guard cut > 0 else { return [] }
            return [MRRMovement(accountID: save.account, occurredOn: day, kind: .contraction, amountCents: cut, mrrAfterCents: mrrCents - cut)]
        case .pause:
            let months = Int(granted)
            return [
                MRRMovement(accountID: save.account, occurredOn: day, kind: .contraction, amountCents: mrrCents, mrrAfterCents: 0),
                MRRMovement(
                    accountID: save.account, occurredOn: day.adding(months: months), kind: .reactivation, amountCents: mrrCents, mrrAfterCents: mrrCents),
            ]
        case .freeUpgrade, .training:
            return []
        }
    }
}
