/// The difference of two shares with its 95% interval by Newcombe's method, built from each
/// share's Wilson interval: it stays inside −100 to +100 points and still has width when both
/// groups are small or sit at 0% or 100%, where the normal approximation gives nonsense.
public struct ShareDifference: Sendable, Hashable, Codable {
    public var difference: Double
    public var low: Double
    public var high: Double

    public init?(_ first: Double?, of firstCount: Int, minus second: Double?, of secondCount: Int) {
        guard let p1 = first, let p2 = second, let one = ShareInterval(share: p1, of: firstCount),
            let two = ShareInterval(share: p2, of: secondCount)
        else { return nil }
        difference = p1 - p2
        low = difference - ((p1 - one.low) * (p1 - one.low) + (two.high - p2) * (two.high - p2)).squareRoot()
        high = difference + ((one.high - p1) * (one.high - p1) + (p2 - two.low) * (p2 - two.low)).squareRoot()
    }

    /// In percentage points with its interval, as the report pages show it: "+12.5 pts (-3 to +28)".
    public var pointsText: String { "\(Format.signed(difference * 100)) pts (\(Format.signed(low * 100)) to \(Format.signed(high * 100)))" }

    /// The whole interval is above zero.
    public var isAboveZero: Bool { low > 0 }
}
