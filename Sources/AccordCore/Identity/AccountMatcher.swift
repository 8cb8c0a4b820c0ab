/// One system's view of a company, as it arrives from a CRM, a marketing tool, support or billing.
public struct SourceAccountRecord: Sendable, Hashable {
    public var source: String
    public var externalID: String
    public var name: String
    public var website: String?
    public var phone: String?
    public var country: String?
    public var contactEmails: [String]

    public init(
        source: String, externalID: String, name: String, website: String? = nil, phone: String? = nil, country: String? = nil, contactEmails: [String] = []
    ) {
        self.source = source
        self.externalID = externalID
        self.name = name
        self.website = website
        self.phone = phone
        self.country = country
        self.contactEmails = contactEmails
    }
}

/// Why two records were put together.
public enum MatchReason: Sendable, Hashable, CustomStringConvertible {
    case sameDomain(String)
    case contactEmailDomain(String)
    case probabilistic(weight: Double, probability: Double, fields: [FieldEvidence] = [])

    public var description: String {
        switch self {
        case .sameDomain(let domain): "same website domain \(domain)"
        case .contactEmailDomain(let domain): "a contact's email domain \(domain) is the other's website"
        case .probabilistic(let weight, let probability, let fields):
            "match weight \(Format.oneDecimal(weight)) (probability \(Format.oneDecimal(probability * 100))%)"
                + (fields.isEmpty ? "" : ": " + fields.map(\.description).joined(separator: ", "))
        }
    }

    /// The reason with the other record named before the per-field evidence.
    public func described(with other: String) -> String {
        guard case .probabilistic(let weight, let probability, let fields) = self, !fields.isEmpty else { return "\(self) with \(other)" }
        return "\(MatchReason.probabilistic(weight: weight, probability: probability)) with \(other): " + fields.map(\.description).joined(separator: ", ")
    }
}

/// How one field compared in a probabilistic match, and the weight that level carries (log2 m/u).
public struct FieldEvidence: Sendable, Hashable, CustomStringConvertible {
    public var field: String
    /// `exact`, `jaro_winkler 0.95`, `different`, or `missing` when either side has no value.
    public var level: String
    public var weight: Double?

    public init(field: String, level: String, weight: Double?) {
        self.field = field
        self.level = level
        self.weight = weight
    }

    public var description: String {
        guard let weight else { return "\(field) \(level)" }
        return "\(field) \(level) \(weight >= 0 ? "+" : "−")\(Format.oneDecimal(abs(weight)))"
    }
}

public struct AccountMatch: Sendable {
    /// Per record, the smallest record index of its cluster.
    public var cluster: [Int]
    /// Links that joined records, with their reason.
    public var links: [(Int, Int, MatchReason)]
    /// Pairs between the review and the match threshold: for a person to decide, never guessed.
    public var review: [(Int, Int, Double)] = []
    /// The model the pairs were scored with (trained on these records, or the saved one); nil
    /// when there were too few records to score.
    public var model: LinkageModel? = nil
}

/// Resolves companies across systems: deterministic rules first (the same registrable domain; a
/// contact's work email domain equal to another record's website), then the Fellegi-Sunter
/// engine on normalised names, domains, phones and countries.
public struct AccountMatcher: Sendable {
    public var freeMail: Set<String>
    public var threshold: Double
    public var reviewThreshold: Double
    var settings: LinkageSettings
    /// A model saved from an earlier run (`accord resolve --save-model`): scores without training,
    /// so a small import is judged by what a whole client record taught.
    public private(set) var savedModel: LinkageModel?

    /// Fields the spec's `identity` section may block and compare on.
    public static let fields = ["name", "name_prefix", "domain", "phone", "country"]

    public init(freeMail: Set<String> = Normalize.defaultFreeMail, threshold: Double = 0.9, reviewThreshold: Double? = nil) {
        self.freeMail = freeMail
        self.threshold = threshold
        self.reviewThreshold = min(reviewThreshold ?? threshold, threshold)
        settings = Self.settings
    }

    /// The spec's identity section: its blocking rules and comparisons replace the built-in ones
    /// when given; its thresholds and free-mail list always apply.
    public init(identity: IdentityConfig) {
        self.init(
            freeMail: identity.freeMailDomains.isEmpty ? Normalize.defaultFreeMail : Set(identity.freeMailDomains),
            threshold: identity.matchThreshold, reviewThreshold: identity.reviewThreshold)
        settings = Self.linkageSettings(identity)
        // The spec's loader has checked the model (`checkModel`) and refused to start without a usable one.
        if let text = identity.modelText { savedModel = try? SavedLinkageModel.read(text, settings: settings) }
    }

    /// The linkage settings the spec's identity section makes of the built-in ones.
    static func linkageSettings(_ identity: IdentityConfig) -> LinkageSettings {
        var settings = Self.settings
        func column(_ field: String) -> String { ["domain": "domain_root", "name_prefix": "name_key"][field] ?? field }
        if !identity.blocking.isEmpty {
            settings.blocking = identity.blocking.map { LinkageSettings.BlockingRule($0.map(column)) }
        }
        if !identity.comparisons.isEmpty {
            settings.comparisons = identity.comparisons.map { comparison in
                let levels: [LinkageSettings.Level] =
                    switch comparison.method {
                    case .exact: [.exact]
                    case .jaroWinkler: [.exact] + comparison.thresholds.map { .jaroWinkler($0) }
                    case .levenshtein: [.exact] + comparison.thresholds.map { .levenshtein(Int($0)) }
                    }
                return .init(column: column(comparison.field), levels: levels)
            }
            let compared = Set(settings.comparisons.map(\.column))
            settings.deterministic = settings.deterministic.filter { $0.columns.isSubset(of: compared) }
            settings.trainingBlocking = settings.trainingBlocking.filter { rule in settings.comparisons.contains { !rule.columns.contains($0.column) } }
        }
        return settings
    }

    /// Whether the spec's saved model fits its comparisons, so a loader can refuse the spec with why.
    public static func checkModel(_ identity: IdentityConfig) throws(LinkageError) {
        guard let text = identity.modelText else { return }
        _ = try SavedLinkageModel.read(text, settings: linkageSettings(identity))
    }

    /// Scores with the model in `text` from now on; refuses one trained for other comparisons.
    public mutating func use(savedModel text: String) throws(LinkageError) {
        savedModel = try SavedLinkageModel.read(text, settings: settings)
    }

    /// `model` as a file `use(savedModel:)` reads back.
    public func savedModelText(_ model: LinkageModel) -> String { SavedLinkageModel.text(model, settings: settings) }

    static let settings = LinkageSettings(
        linkType: .dedupe, uniqueID: "row",
        blocking: [.init(["name"]), .init(["name_key", "country"]), .init(["domain_root"]), .init(["phone"])],
        comparisons: [
            // No term frequencies: a name's count mostly counts the same company in several systems.
            .init(column: "name", levels: [.exact, .jaroWinkler(0.95), .jaroWinkler(0.88)]),
            .init(column: "domain_root", levels: [.exact, .damerauLevenshtein(1)]),
            .init(column: "phone", levels: [.exact]),
            .init(column: "country", levels: [.exact]),
        ],
        // Systems share a website or a phone for only part of the true pairs.
        deterministic: [.init(["domain_root", "name"]), .init(["phone", "name"])], deterministicRecall: 0.4,
        trainingBlocking: [.init(["name"]), .init(["domain_root"])], randomPairs: 200_000, threshold: 0.95)

    public func match(_ records: [SourceAccountRecord]) -> AccountMatch {
        var parent = Array(records.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var links: [(Int, Int, MatchReason)] = []
        func join(_ a: Int, _ b: Int, _ reason: MatchReason) {
            let x = find(a)
            let y = find(b)
            guard x != y else { return }
            parent[max(x, y)] = min(x, y)
            links.append((min(a, b), max(a, b), reason))
        }
        let domains = records.map { $0.website.flatMap(Normalize.registrableDomain) }
        var byDomain: [String: Int] = [:]
        for (index, domain) in domains.enumerated() {
            guard let domain else { continue }
            if let first = byDomain[domain] { join(first, index, .sameDomain(domain)) } else { byDomain[domain] = index }
        }
        for (index, record) in records.enumerated() {
            for email in record.contactEmails {
                if let domain = Normalize.employerDomain(ofEmail: email, freeMail: freeMail), let owner = byDomain[domain] {
                    join(owner, index, .contactEmailDomain(domain))
                }
            }
        }

        var settings = self.settings
        settings.threshold = reviewThreshold
        let rows = records.enumerated().map { index, record -> [String] in
            let name = Normalize.companyName(record.name)
            let root = domains[index].map { String($0.split(separator: ".").first ?? "") } ?? ""
            return [String(index), name, String(name.prefix(4)), root, record.phone.map(Normalize.phone) ?? "", (record.country ?? "").lowercased()]
        }
        let table = LinkageTable(name: "accounts", header: ["row", "name", "name_key", "domain_root", "phone", "country"], rows: rows)
        if records.count >= 2, let engine = try? LinkageEngine(settings: settings, left: table) {
            var review: [(Int, Int, Double)] = []
            let result = engine.run(model: savedModel)
            let names = ["domain_root": "domain", "name_key": "name_prefix"]
            func evidence(_ link: LinkedPair) -> [FieldEvidence] {
                settings.comparisons.enumerated().map { c, comparison in
                    let level = Int(link.levels[c])
                    let field = names[comparison.column] ?? comparison.column
                    guard level >= 0 else { return FieldEvidence(field: field, level: "missing", weight: nil) }
                    let name = level < comparison.levels.count ? comparison.levels[level].description : "different"
                    return FieldEvidence(field: field, level: name, weight: result.model.weight(c, level))
                }
            }
            for link in result.links {
                // Two different registrable domains are two companies, whatever their names say.
                if let x = domains[link.left], let y = domains[link.right], x != y { continue }
                if link.probability >= threshold {
                    join(link.left, link.right, .probabilistic(weight: link.weight, probability: link.probability, fields: evidence(link)))
                } else {
                    review.append((link.left, link.right, link.probability))
                }
            }
            // A pair already joined by something surer needs no review.
            return AccountMatch(
                cluster: records.indices.map(find), links: links, review: review.filter { find($0.0) != find($0.1) }, model: result.model)
        }
        return AccountMatch(cluster: records.indices.map(find), links: links)
    }
}
