/// What the record knows about a churned client that says whether they would come back (seed
/// 003, after V. Kumar): why they left, how strong the first relationship was, how long ago they
/// left and whether they have engaged since.
public struct WinBackFacts: Sendable, Hashable, Codable {
    public var account: String
    public var name: String
    public var segment: String
    public var churnedOn: Day
    public var reason: ChurnReason?
    public var signedOn: Day?
    /// MRR just before the churn.
    public var mrrCentsBefore: Int64
    public var outcomesAchieved: Int
    /// The last NPS answer before the churn, 0–10.
    public var lastNPS: Int?
    /// Days with an event from the client after it left (site visits, content, a reply).
    public var touches: [Day]
    /// The day MRR came back (a reactivation or a new contract), if it did.
    public var wonBackOn: Day?

    public init(
        account: String, name: String, segment: String, churnedOn: Day, reason: ChurnReason?, signedOn: Day?, mrrCentsBefore: Int64,
        outcomesAchieved: Int = 0, lastNPS: Int? = nil, touches: [Day] = [], wonBackOn: Day? = nil
    ) {
        self.account = account
        self.name = name
        self.segment = segment
        self.churnedOn = churnedOn
        self.reason = reason
        self.signedOn = signedOn
        self.mrrCentsBefore = mrrCentsBefore
        self.outcomesAchieved = outcomesAchieved
        self.lastNPS = lastNPS
        self.touches = touches
        self.wonBackOn = wonBackOn
    }
}

/// A churned client's chance to return, explained: a base and points per reason, each named as
/// the row shows it ("+25: left over price, which a better offer answers").
public enum WinBackRanking {
    public struct Part: Sendable, Hashable, Codable {
        public var label: String
        public var points: Int
    }

    public struct Score: Sendable, Hashable, Codable {
        /// 0–100: points out of a hundred, read as the chance to return.
        public var points: Int
        public var parts: [Part]
        public var propensity: Double { Double(points) / 100 }
    }

    public static let base = 20

    /// Controllable reasons rank above the rest: a price or budget leaver can be answered with an
    /// offer; a service leaver needs the service fixed first; a closed business cannot return.
    public static func reasonPoints(_ reason: ChurnReason?) -> (Int, String) {
        switch reason {
        case .price: (25, "left over price, which an offer answers")
        case .budget: (20, "left over budget, which returns with the next budget")
        case .cannotUseNow: (25, "could not use the product for a while")
        case .championLeft: (5, "the champion left; a new one has to be found")
        case .productFit: (-5, "the product did not fit")
        case .service: (-15, "left over service, which must be fixed first")
        case .businessClosure: (-40, "the business closed")
        case nil: (0, "no reason recorded")
        }
    }

    /// The score on `day` (touches after it do not count yet).
    public static func score(_ facts: WinBackFacts, on day: Day) -> Score {
        var parts: [Part] = []
        let (reason, why) = reasonPoints(facts.reason)
        parts.append(Part(label: why, points: reason))
        if let signed = facts.signedOn {
            let years = Double(max(0, facts.churnedOn.number - signed.number)) / 365
            let points = min(15, Int((years * 5).rounded()))
            let shown = Format.oneDecimal(years)
            if points > 0 { parts.append(Part(label: "a client for \(shown) year\(shown == "1" ? "" : "s")", points: points)) }
        }
        if facts.outcomesAchieved > 0 {
            parts.append(
                Part(label: "\(facts.outcomesAchieved) outcome\(facts.outcomesAchieved == 1 ? "" : "s") achieved", points: min(15, 5 * facts.outcomesAchieved)))
        }
        if let nps = facts.lastNPS {
            if nps >= 9 { parts.append(Part(label: "a promoter (NPS \(nps)) before leaving", points: 10)) }
            if nps <= 6 { parts.append(Part(label: "a detractor (NPS \(nps)) before leaving", points: -10)) }
        }
        let months = max(0, day.number - facts.churnedOn.number) / 30
        let ago = months == 1 ? "1 month ago" : "\(months) months ago"
        if months < 3 {
            parts.append(Part(label: "left \(ago): too soon to ask", points: -5))
        } else if months <= 18 {
            parts.append(Part(label: "left \(ago)", points: 10))
        } else {
            parts.append(Part(label: "left \(ago): the relationship has faded", points: -10))
        }
        let touches = facts.touches.filter { $0 > facts.churnedOn && $0 <= day }.count
        if touches > 0 { parts.append(Part(label: "engaged \(touches) time\(touches == 1 ? "" : "s") since leaving", points: min(20, 5 * touches))) }
        let total = parts.reduce(base) { $0 + $1.points }
        return Score(points: min(100, max(0, total)), parts: parts.sorted { abs($0.points) > abs($1.points) })
    }

    /// The expected value of a second lifetime: the chance to return times the first lifetime's
    /// gross profit (MRR before times its months, at least a year, at most three).
    public static func expectedValueCents(_ facts: WinBackFacts, score: Score, grossMargin: Double) -> Int64 {
        let months = facts.signedOn.map { max(12, min(36, (facts.churnedOn.number - $0.number) / 30)) } ?? 12
        return Int64((score.propensity * Double(facts.mrrCentsBefore) * Double(months) * grossMargin).rounded())
    }

    /// A leaver is scored this many days after leaving, then followed this long.
    public static let scoredAfterDays = 30
    public static let followedDays = 180

    /// Did those ranked higher come back more? Each client scored a month after leaving, then
    /// followed for six months; the AUC of the score against returning, for clients whose six
    /// months are over.
    public static func backtest(_ facts: [WinBackFacts], asOf: Day) -> (auc: Double?, clients: Int, returned: Int) {
        let scored = facts.compactMap { client -> (score: Double, positive: Bool)? in
            let day = client.churnedOn.adding(days: scoredAfterDays)
            guard day.adding(days: followedDays) <= asOf else { return nil }
            let back = client.wonBackOn.map { $0 > day && $0 <= day.adding(days: followedDays) } ?? false
            if let won = client.wonBackOn, won <= day { return nil }  // back before it was scored: nothing to predict
            return (Double(score(client, on: day).points), back)
        }
        return (OutcomeValidation.auc(scored), scored.count, scored.filter(\.positive).count)
    }
}
