/// One share minus another (retention of treated clients minus held-out ones, of cases with a
/// concession minus cases without) with its 95% Wald interval; nil when either side is empty.
public struct ShareDifference: Sendable, Hashable, Codable {
    public var difference: Double
    public var low: Double
    public var high: Double

    public init?(_ first: Double?, of firstCount: Int, minus second: Double?, of secondCount: Int) {
        guard let p1 = first, let p2 = second, firstCount > 0, secondCount > 0 else { return nil }
        let margin = 1.96 * ((p1 * (1 - p1) / Double(firstCount)) + (p2 * (1 - p2) / Double(secondCount))).squareRoot()
        difference = p1 - p2
        low = difference - margin
        high = difference + margin
    }

    /// In percentage points with its interval, as the report pages show it: "+12.5 pts (-3 to +28)".
    public var pointsText: String { "\(Format.signed(difference * 100)) pts (\(Format.signed(low * 100)) to \(Format.signed(high * 100)))" }

    /// The whole interval is above zero.
    public var isAboveZero: Bool { low > 0 }
}
