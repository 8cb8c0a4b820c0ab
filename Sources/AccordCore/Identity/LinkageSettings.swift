import Yams

/// How to link records: which pairs to consider (blocking), how to compare them field by field,
/// and how to train the Fellegi-Sunter model without labels. Read from `linkage.yaml`.
public struct LinkageSettings: Sendable, Hashable {
    public enum LinkType: String, Sendable, Hashable, CaseIterable {
        /// Two files; pairs always take one record from each.
        case link
        /// One file; pairs within it.
        case dedupe
    }

    /// Records are paired when every left column of one equals the matching right column of the
    /// other (left and right differ for rules such as "given name equals the other's surname").
    public struct BlockingRule: Sendable, Hashable {
        public var left: [String]
        public var right: [String]

        public init(_ columns: [String]) {
            left = columns
            right = columns
        }
        public init(left: [String], right: [String]) {
            self.left = left
            self.right = right
        }

        public var columns: Set<String> { Set(left + right) }
        public var description: String {
            left == right ? left.joined(separator: " + ") : zip(left, right).map { "\($0) = \($1)" }.joined(separator: ", ")
        }
    }

    /// One comparison level; a pair falls in the first level it satisfies, else in "other".
    public enum Level: Sendable, Hashable, CustomStringConvertible {
        case exact
        case jaroWinkler(Double)
        case levenshtein(Int)
        case damerauLevenshtein(Int)
        /// Both values read as dates (YYYYMMDD or YYYY-MM-DD) at most this many days apart.
        case withinDays(Int)

        public var description: String {
            switch self {
            case .exact: "exact"
            case .jaroWinkler(let t): "jaro_winkler \(t)"
            case .levenshtein(let d): "levenshtein \(d)"
            case .damerauLevenshtein(let d): "damerau_levenshtein \(d)"
            case .withinDays(let n): "days \(n)"
            }
        }

        static func parse(_ text: String) -> Level? {
            let parts = text.split(separator: " ").map(String.init)
            switch (parts.first, parts.count) {
            case ("exact", 1): return .exact
            case ("jaro_winkler", 2): return Double(parts[1]).flatMap { (0...1).contains($0) ? .jaroWinkler($0) : nil }
            case ("levenshtein", 2): return Int(parts[1]).flatMap { $0 >= 0 ? .levenshtein($0) : nil }
            case ("damerau_levenshtein", 2): return Int(parts[1]).flatMap { $0 >= 0 ? .damerauLevenshtein($0) : nil }
            case ("days", 2): return Int(parts[1]).flatMap { $0 >= 0 ? .withinDays($0) : nil }
            default: return nil
            }
        }
    }

    public struct Comparison: Sendable, Hashable {
        public var column: String
        public var levels: [Level]
        /// Weigh an exact match by how common the value is (a shared rare surname says more).
        public var termFrequency: Bool

        public init(column: String, levels: [Level], termFrequency: Bool = false) {
            self.column = column
            self.levels = levels
            self.termFrequency = termFrequency
        }
    }

    public var linkType: LinkType
    public var uniqueID: String
    public var blocking: [BlockingRule]
    public var comparisons: [Comparison]
    /// Rules whose pairs are almost all matches; with their recall they give the prior.
    public var deterministic: [BlockingRule]
    public var deterministicRecall: Double
    /// One expectation-maximisation session per rule; comparisons on its columns are not trained by it.
    public var trainingBlocking: [BlockingRule]
    public var randomPairs: Int
    /// Match probability from which a pair is a link and joins a cluster.
    public var threshold: Double
    public var seed: UInt64
    /// Columns made from an input column by normalisers, usable wherever a column is named.
    public var derived: [String: DerivedColumn] = [:]
    /// Cell values that mean "no value" (compared trimmed and case-insensitively).
    public var missing: Set<String> = ["", "nan", "null", "none"]
    /// The byte between cells; nil: a tab when the header has more tabs than commas, else a comma.
    public var delimiter: UInt8?

    /// `unique_id: _row` numbers the records 1, 2, … in file order, for files without an id column.
    public static let rowNumber = "_row"

    public struct DerivedColumn: Sendable, Hashable {
        public var from: String
        public var steps: [LinkageNormaliser]

        public init(from: String, steps: [LinkageNormaliser]) {
            self.from = from
            self.steps = steps
        }
    }

    public init(
        linkType: LinkType, uniqueID: String, blocking: [BlockingRule], comparisons: [Comparison], deterministic: [BlockingRule] = [],
        deterministicRecall: Double = 0.8, trainingBlocking: [BlockingRule] = [], randomPairs: Int = 1_000_000, threshold: Double = 0.9, seed: UInt64 = 42
    ) {
        self.linkType = linkType
        self.uniqueID = uniqueID
        self.blocking = blocking
        self.comparisons = comparisons
        self.deterministic = deterministic
        self.deterministicRecall = deterministicRecall
        self.trainingBlocking = trainingBlocking
        self.randomPairs = randomPairs
        self.threshold = threshold
        self.seed = seed
    }

    /// Every column the settings compare or block on (derived ones by their own name), and the id.
    public var columns: Set<String> {
        var all: Set<String> = uniqueID == Self.rowNumber ? [] : [uniqueID]
        for rule in blocking + deterministic + trainingBlocking { all.formUnion(rule.columns) }
        for comparison in comparisons { all.insert(comparison.column) }
        return all
    }

    /// The input file's column a settings column is read from.
    public func source(of column: String) -> String { derived[column]?.from ?? column }
}

extension LinkageSettings {
    /// Reads `linkage.yaml`; every problem comes back with its line and column.
    public static func read(_ text: String) -> (settings: LinkageSettings?, diagnostics: [Diagnostic]) {
        let log = ParseLog()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return (nil, [Diagnostic(.error, at: SourceLocation(line: 1, column: 1), "the linkage settings are empty")])
            }
            root = node
        } catch {
            return (nil, [SpecParser.syntaxDiagnostic(error)])
        }
        guard let top = MapReader(root, path: "", log: log, what: "the linkage settings") else { return (nil, log.diagnostics) }
        top.allowOnly(["link_type", "unique_id", "blocking", "comparisons", "training", "threshold", "seed", "columns", "missing", "delimiter"])
        let linkType = top.choice("link_type", LinkType.self, required: true)
        let uniqueID = top.string("unique_id", required: true)
        let blocking = rules(top, "blocking", required: true)
        let comparisons = top.items("comparisons", required: true) { item -> Comparison? in
            item.allowOnly(["column", "levels", "term_frequency"])
            let column = item.string("column", required: true)
            var levels: [Level] = []
            for (index, text) in (item.strings("levels", required: true) ?? []).enumerated() {
                if let level = Level.parse(text) {
                    levels.append(level)
                } else {
                    let path = "\(item.path).levels[\(index)]"
                    log.error(
                        log.locations[path] ?? item.location,
                        "\(path) '\(text)' is not a level; use exact, jaro_winkler 0.9, levenshtein 2, damerau_levenshtein 1 or days 365")
                }
            }
            guard let column, !levels.isEmpty else { return nil }
            return Comparison(column: column, levels: levels, termFrequency: item.bool("term_frequency") ?? false)
        }
        var settings = LinkageSettings(linkType: linkType ?? .dedupe, uniqueID: uniqueID ?? "", blocking: blocking, comparisons: comparisons)
        if let training = top.map("training") {
            training.allowOnly(["deterministic", "deterministic_recall", "em_blocking", "random_pairs"])
            settings.deterministic = rules(training, "deterministic")
            settings.trainingBlocking = rules(training, "em_blocking")
            if let recall = training.double("deterministic_recall") {
                if recall > 0, recall <= 1 {
                    settings.deterministicRecall = recall
                } else {
                    log.error(training.locationOf("deterministic_recall"), "training.deterministic_recall must be above 0 and at most 1")
                }
            }
            if let pairs = training.int("random_pairs") {
                if pairs >= 1000 {
                    settings.randomPairs = pairs
                } else {
                    log.error(training.locationOf("random_pairs"), "training.random_pairs must be at least 1000")
                }
            }
        }
        if let threshold = top.double("threshold") {
            if threshold > 0, threshold < 1 {
                settings.threshold = threshold
            } else {
                log.error(top.locationOf("threshold"), "threshold is a match probability between 0 and 1 (exclusive)")
            }
        }
        if let seed = top.int("seed") { settings.seed = UInt64(truncatingIfNeeded: seed) }
        readFormat(top, into: &settings)
        if top.node("training") == nil {
            log.warning(
                top.location,
                "no training section: u still comes from random pairs, but m keeps its starting values and the prior is one over the larger file's size; add training.deterministic and training.em_blocking rules to train them"
            )
        }
        if settings.comparisons.isEmpty, !log.diagnostics.hasErrors { log.error(top.location, "comparisons must name at least one column") }
        if let problem = settings.packingProblem { log.error(top.locationOf("comparisons"), problem) }
        let ok = linkType != nil && uniqueID != nil && !log.diagnostics.hasErrors
        return (ok ? settings : nil, log.diagnostics.ordered)
    }

    /// A pair's levels travel packed in one integer, four bits a comparison: what does not fit.
    var packingProblem: String? {
        if comparisons.count > 16 { return "comparisons has \(comparisons.count) entries; at most 16 fit, so combine or drop some" }
        if let wide = comparisons.first(where: { $0.levels.count > 14 }) {
            return "comparisons.\(wide.column) has \(wide.levels.count) levels; at most 14 fit, so merge some thresholds"
        }
        return nil
    }

    /// `columns` (derived columns), `missing` and `delimiter`.
    private static func readFormat(_ top: MapReader, into settings: inout LinkageSettings) {
        let log = top.log
        if let columns = top.map("columns") {
            let names = columns.mapping.compactMap { $0.key.string }
            for key in names {
                guard let column = columns.map(key) else { continue }
                column.allowOnly(["from", "normalise"])
                let from = column.string("from", required: true)
                var steps: [LinkageNormaliser] = []
                for (index, text) in (column.strings("normalise", required: true) ?? []).enumerated() {
                    if let step = LinkageNormaliser.parse(text) {
                        steps.append(step)
                    } else {
                        let path = "\(column.path).normalise[\(index)]"
                        log.error(log.locations[path] ?? column.location, "\(path) '\(text)' is not a normaliser; use \(LinkageNormaliser.names)")
                    }
                }
                if let from {
                    if names.contains(from) {
                        log.error(column.locationOf("from"), "\(column.path).from names '\(from)', another derived column; derive from an input column")
                    } else {
                        settings.derived[key] = DerivedColumn(from: from, steps: steps)
                    }
                }
            }
        }
        if let values = top.strings("missing") { settings.missing = Set(values.map { $0.trimmedWhitespace.lowercased() }) }
        if let text = top.string("delimiter") {
            switch text {
            case ",": settings.delimiter = UInt8(ascii: ",")
            case "\t", "tab": settings.delimiter = CSVReader.tab
            case ";": settings.delimiter = UInt8(ascii: ";")
            case "|": settings.delimiter = UInt8(ascii: "|")
            default: log.error(top.locationOf("delimiter"), "delimiter must be \",\", \";\", \"|\" or tab (\"\\t\"), got '\(text)'")
            }
        }
    }

    /// A list of blocking rules: `[a, b]`, or `{left: [a, b], right: [b, a]}`.
    private static func rules(_ reader: MapReader, _ key: String, required: Bool = false) -> [BlockingRule] {
        guard let node = reader.node(key) else {
            if required {
                reader.log.error(
                    reader.location,
                    "\(reader.path.isEmpty ? key : reader.path + "." + key) is required: list the columns that must be equal for two records to be compared")
            }
            return []
        }
        let path = reader.path.isEmpty ? key : "\(reader.path).\(key)"
        guard case let .sequence(items) = node else {
            reader.log.error(node.location, "\(path) must be a list of rules, got \(node.kindName)")
            return []
        }
        var result: [BlockingRule] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .sequence(let columns):
                let names = columns.compactMap { $0.string }
                if names.isEmpty || names.count != columns.count {
                    reader.log.error(item.location, "\(path)[\(index)] must be a non-empty list of column names")
                } else {
                    result.append(BlockingRule(names))
                }
            case .mapping(let mapping):
                let left = mapping["left"]?.sequence?.compactMap { $0.string } ?? []
                let right = mapping["right"]?.sequence?.compactMap { $0.string } ?? []
                if left.isEmpty || left.count != right.count {
                    reader.log.error(item.location, "\(path)[\(index)] needs left and right lists of the same length")
                } else {
                    result.append(BlockingRule(left: left, right: right))
                }
            default:
                if let name = item.string {
                    result.append(BlockingRule([name]))
                } else {
                    reader.log.error(item.location, "\(path)[\(index)] must be a column name or a list of them")
                }
            }
        }
        return result
    }
}
