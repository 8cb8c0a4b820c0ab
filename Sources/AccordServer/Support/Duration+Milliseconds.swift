import AccordApp

extension Duration {
    /// Whole milliseconds, the unit the store keeps instants and intervals in.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
