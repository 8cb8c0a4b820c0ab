extension Duration {
    /// Whole milliseconds, the unit the store keeps instants and intervals in.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }

    /// Seconds with their fraction, for rates and for times shown to people.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
