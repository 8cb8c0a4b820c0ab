/// CSAT as seed 003 defines it: satisfied (4-5) / responses × 100. A 3 is not satisfied.
public struct CSATScore: Sendable, Hashable, Codable {
    public var responses: Int
    public var satisfied: Int

    public init(counts: [Int: Int]) {
        responses = counts.filter { (1...5).contains($0.key) }.values.reduce(0, +)
        satisfied = counts.filter { $0.key >= 4 && $0.key <= 5 }.values.reduce(0, +)
    }

    /// Percent satisfied, or nil when nobody answered.
    public var score: Double? { responses == 0 ? nil : Double(satisfied) / Double(responses) * 100 }
}

/// NPS: % promoters (9-10) − % detractors (0-6), from −100 to +100.
public struct NPSScore: Sendable, Hashable, Codable {
    public var responses: Int
    public var promoters: Int
    public var passives: Int
    public var detractors: Int

    public init(counts: [Int: Int]) {
        promoters = counts.filter { (9...10).contains($0.key) }.values.reduce(0, +)
        passives = counts.filter { (7...8).contains($0.key) }.values.reduce(0, +)
        detractors = counts.filter { (0...6).contains($0.key) }.values.reduce(0, +)
        responses = promoters + passives + detractors
    }

    public var score: Double? {
        responses == 0 ? nil : (Double(promoters) - Double(detractors)) / Double(responses) * 100
    }
}
