/// The specs `accord init` writes.
public enum SpecTemplate: String, Sendable, CaseIterable {
    /// Every function, all five handoffs, the whole taxonomy, every source system and metric.
    case full
    /// Seed 000's minimum viable version for a small company: one outcome model, three
    /// handoffs, three lifecycle events, one shared dashboard with three metrics.
    case compact

    /// The commented YAML, from `Templates/full.yaml` or `Templates/compact.yaml` (embedded in
    /// the binary at build time, exactly as written there).
    public var text: String {
        switch self {
        case .full: Self.fullText
        case .compact: Self.compactText
        }
    }

    static let fullText = String(decoding: PackageResources.full_yaml, as: UTF8.self)
    static let compactText = String(decoding: PackageResources.compact_yaml, as: UTF8.self)

    /// This template, parsed. The built-in templates are checked by the test suite to parse cleanly.
    public var spec: Spec {
        guard let spec = SpecParser.read(text).spec else { preconditionFailure("the built-in \(rawValue) template must parse") }
        return spec
    }

    /// The default spec, parsed once; used when a command runs without an `accord.yaml`.
    public static let defaultSpec: Spec = SpecTemplate.full.spec
}
