/// The specs `accord init` writes.
public enum SpecTemplate: String, Sendable, CaseIterable {
    /// Every function, all five handoffs, the whole taxonomy, every source system and metric.
    case full
    /// The seed's minimum viable version: one outcome model, three handoffs, three metrics.
    case compact

    public var text: String {
        switch self {
        case .full: Self.fullText
        case .compact: Self.compactText
        }
    }

    /// The default spec, parsed; used when a command runs without an `accord.yaml`.
    public static var defaultSpec: Spec {
        guard let spec = SpecParser.read(SpecTemplate.full.text).spec else {
            preconditionFailure("the built-in full template must parse")
        }
        return spec
    }
}
