/// The few numbers the first page shows: how many clients, what they pay, how they feel.
public struct Headline: Sendable, Hashable, Codable {
    public var asOf: Day
    public var accounts: Int
    public var prospects: Int
    public var activeClients: Int
    public var churnedClients: Int
    public var mrrCents: Int64
    public var arrCents: Int64 { mrrCents * 12 }
    /// Over the twelve months up to `asOf`.
    public var nps: NPSScore
    public var csat: CSATScore

    public init(asOf: Day, accounts: Int, prospects: Int, activeClients: Int, churnedClients: Int, mrrCents: Int64, nps: NPSScore, csat: CSATScore) {
        self.asOf = asOf
        self.accounts = accounts
        self.prospects = prospects
        self.activeClients = activeClients
        self.churnedClients = churnedClients
        self.mrrCents = mrrCents
        self.nps = nps
        self.csat = csat
    }
}
