/// A share with its 95% Wilson interval: unlike the normal approximation it stays inside 0–100%
/// and means something for the small groups a campaign or a reason makes.
public struct ShareInterval: Sendable, Hashable, Codable {
    public var share: Double
    public var low: Double
    public var high: Double

    public init?(_ hits: Int, of count: Int) {
        self.init(share: count > 0 ? Double(hits) / Double(count) : 0, of: count)
    }

    /// From a share already worked out of `count` cases (a retention rate, say).
    public init?(share p: Double, of count: Int) {
        guard count > 0 else { return nil }
        let n = Double(count)
        let z = 1.96
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let margin = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / denominator
        share = p
        low = max(0, centre - margin)
        high = min(1, centre + margin)
    }
}
