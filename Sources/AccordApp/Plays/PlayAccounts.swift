public import AccordCore

/// Every account as the plays read it, kept between requests: the cockpit and the play pages
/// read names, MRR, renewals and health facts of every client, which takes as long as the
/// dashboard's facts. A copy is used while no write was committed since it was made, or while it
/// is younger than `maxLag`, as the dashboard's snapshot is; tasks themselves are always read fresh.
public actor PlayAccounts {
    let desk: PlayDesk
    let maxLag: Duration
    private var cached: (asOf: Day, writeCount: Int, began: ContinuousClock.Instant, accounts: [PlayAccount])?

    public init(desk: PlayDesk, maxLag: Duration = .seconds(10)) {
        self.desk = desk
        self.maxLag = maxLag
    }

    public func accounts(asOf: Day) async throws -> [PlayAccount] {
        if let cached, cached.asOf == asOf, cached.writeCount == desk.store.writeCount || ContinuousClock.now - cached.began < maxLag {
            return cached.accounts
        }
        let began = ContinuousClock.now
        let writeCount = desk.store.writeCount
        let accounts = try await desk.accounts(asOf: asOf)
        cached = (asOf, writeCount, began, accounts)
        return accounts
    }
}
