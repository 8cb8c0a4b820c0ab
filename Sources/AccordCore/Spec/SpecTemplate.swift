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

    /// This template, parsed. The built-in templates are checked by the test suite to parse cleanly.
    public var spec: Spec {
        guard let spec = SpecParser.read(text).spec else { preconditionFailure("the built-in \(rawValue) template must parse") }
        return spec
    }

    /// The default spec, parsed once; used when a command runs without an `accord.yaml`.
    public static let defaultSpec: Spec = SpecTemplate.full.spec
}
