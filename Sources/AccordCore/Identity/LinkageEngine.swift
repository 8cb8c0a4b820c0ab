#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The trained Fellegi-Sunter model: the prior and, per comparison, m and u for each level
/// (the last entry is "other": no level satisfied).
public struct LinkageModel: Sendable, Hashable, Codable {
    /// Probability that two random records match.
    public var lambda: Double
    public var m: [[Double]]
    public var u: [[Double]]

    /// log2(m/u) for a comparison at a level.
    public func weight(_ comparison: Int, _ level: Int) -> Double { log2(m[comparison][level] / u[comparison][level]) }
    public var priorWeight: Double { log2(lambda / (1 - lambda)) }
}

/// A scored candidate pair. Records are numbered left file first, then right.
public struct LinkedPair: Sendable, Hashable {
    public var left: Int
    public var right: Int
    public var weight: Double
    public var probability: Double
    /// The level each comparison fell in (-1 when a value is missing), for explanations.
    public var levels: [Int8]
}

public struct LinkageResult: Sendable {
    public var model: LinkageModel
    public var candidatePairs: Int
    /// Pairs at or above the settings' threshold.
    public var links: [LinkedPair]
    /// Per record, the smallest record number of its cluster.
    public var cluster: [Int]
    public var uniqueIDs: [String]
    public var leftCount: Int
    /// What training did, in sentences, for the command's report.
    public var notes: [String]
}

/// Probabilistic record linkage as the best tools do it: blocking, comparison levels, u from
/// random pairs, m by expectation maximisation over several blocking rules, the prior from
/// deterministic rules, term-frequency adjustment, and clusters as connected components.
public struct LinkageEngine {
    let settings: LinkageSettings
    let data: InternedColumns
    let leftCount: Int
    let rightCount: Int
    /// Per record, the place of its first compared value in sorted order: how a large block is windowed.
    let sortRank: [Int32]
    let rulePairs = RulePairs()

    public init(settings: LinkageSettings, left: LinkageTable, right: LinkageTable? = nil) throws {
        if settings.linkType == .link, right == nil {
            throw LinkageError(description: "link_type is link: give two files, or set link_type: dedupe for one")
        }
        if settings.linkType == .dedupe, right != nil {
            throw LinkageError(description: "link_type is dedupe: give one file, or set link_type: link for two")
        }
        if let problem = settings.packingProblem { throw LinkageError(description: problem) }
        self.settings = settings
        data = try InternedColumns(settings: settings, left: left, right: right)
        leftCount = left.rows.count
        rightCount = right?.rows.count ?? 0
        sortRank = Self.rank(data, column: settings.comparisons.first?.column, count: leftCount + rightCount)
    }

    static func rank(_ data: InternedColumns, column: String?, count: Int) -> [Int32] {
        guard let column, let ids = data.ids[column], let texts = data.texts[column] else { return [Int32](repeating: 0, count: count) }
        let order = texts.indices.sorted { texts[$0].lexicographicallyPrecedes(texts[$1]) { $0.value < $1.value } }
        var place = [Int32](repeating: 0, count: texts.count)
        for (position, id) in order.enumerated() { place[id] = Int32(position) }
        return ids.map { place[Int($0)] }
    }

    var totalPairs: Double {
        settings.linkType == .link ? Double(leftCount) * Double(rightCount) : Double(leftCount) * Double(leftCount - 1) / 2
    }

    // MARK: Comparing

    /// Per comparison, what its levels need: value ids, the texts as one flat buffer of scalar
    /// values, and dates. Held in buffers it owns, so the hot loop does no reference counting.
    final class Comparator: @unchecked Sendable {
        let ids: UnsafeMutableBufferPointer<Int32>
        let scalars: UnsafeMutableBufferPointer<UInt32>
        let offsets: UnsafeMutableBufferPointer<Int>
        let days: [Int?]
        let levels: [LinkageSettings.Level]
        /// The largest distance any level asks about; edit distances stop counting past it.
        let maximumDistance: Int
        /// The lowest Jaro-Winkler threshold; below it the exact value does not matter.
        let lowestJaroWinkler: Double

        init(_ comparison: LinkageSettings.Comparison, data: InternedColumns) {
            maximumDistance = comparison.levels.reduce(0) { result, level in
                switch level {
                case .levenshtein(let d), .damerauLevenshtein(let d): max(result, d)
                default: result
                }
            }
            lowestJaroWinkler = comparison.levels.compactMap { if case .jaroWinkler(let t) = $0 { t } else { nil } }.min() ?? 0
            let ids = data.ids[comparison.column]!
            let texts = data.texts[comparison.column]!
            self.ids = .allocate(capacity: ids.count)
            _ = self.ids.initialize(from: ids)
            let flat = texts.flatMap { $0.map(\.value) }
            scalars = .allocate(capacity: max(1, flat.count))
            _ = scalars.initialize(from: flat)
            offsets = .allocate(capacity: texts.count + 1)
            var position = 0
            for (index, text) in texts.enumerated() {
                offsets[index] = position
                position += text.count
            }
            offsets[texts.count] = position
            levels = comparison.levels
            days = levels.contains { if case .withinDays = $0 { true } else { false } } ? texts.map(dayNumber) : []
        }

        deinit {
            ids.deallocate()
            scalars.deallocate()
            offsets.deallocate()
        }

        func level(_ a: Int, _ b: Int) -> Int8 {
            let x = Int(ids[a])
            let y = Int(ids[b])
            if x == 0 || y == 0 { return -1 }
            if x == y { return 0 }
            let p = UnsafeBufferPointer(rebasing: scalars[offsets[x]..<offsets[x + 1]])
            let q = UnsafeBufferPointer(rebasing: scalars[offsets[y]..<offsets[y + 1]])
            // Each measure is computed once per pair, however many thresholds use it.
            var jaroWinkler: Double?
            var levenshtein: Int?
            var damerau: Int?
            for index in levels.indices {
                let holds: Bool
                switch levels[index] {
                case .exact: holds = false
                case .jaroWinkler(let threshold):
                    if jaroWinkler == nil { jaroWinkler = Similarity.jaroWinkler(p, q, atLeast: lowestJaroWinkler) }
                    holds = jaroWinkler! >= threshold
                case .levenshtein(let limit):
                    if levenshtein == nil { levenshtein = Similarity.editDistance(p, q, transpositions: false, limit: maximumDistance) }
                    holds = levenshtein! <= limit
                case .damerauLevenshtein(let limit):
                    if damerau == nil { damerau = Similarity.editDistance(p, q, transpositions: true, limit: maximumDistance) }
                    holds = damerau! <= limit
                case .withinDays(let limit):
                    if let d = days[x], let e = days[y] { holds = abs(d - e) <= limit } else { holds = false }
                }
                if holds { return Int8(index) }
            }
            return Int8(levels.count)
        }

    }

    // MARK: Running

    /// Trains the model (or takes a saved one) and scores every candidate pair.
    public func run(model saved: LinkageModel? = nil, progress: (String) -> Void = { _ in }) -> LinkageResult {
        let comparators = settings.comparisons.map { Comparator($0, data: data) }
        var notes: [String] = []
        let model: LinkageModel
        if let saved {
            model = saved
            notes.append("the saved model, not trained again")
            progress("Using the saved model (prior \(saved.lambda))")
        } else {
            (model, notes) = train(comparators, progress: progress)
        }
        return predict(model, comparators: comparators, notes: notes, progress: progress)
    }

    /// u from random pairs, the prior from the deterministic rules, m by EM per training rule.
    func train(_ comparators: [Comparator], progress: (String) -> Void) -> (LinkageModel, [String]) {
        var notes: [String] = []

        // u: how often each level happens between random records (nearly all non-matches).
        var random = SeededRandom(seed: settings.seed)
        let samples = min(settings.randomPairs, Int(totalPairs))
        // The pairs are drawn in one sequence, so a seed gives the same pairs however many cores count them.
        var sampled = [UInt64]()
        sampled.reserveCapacity(samples)
        for _ in 0..<samples {
            let a: Int
            let b: Int
            if settings.linkType == .link {
                a = Int(random.next() % UInt64(leftCount))
                b = leftCount + Int(random.next() % UInt64(rightCount))
            } else {
                a = Int(random.next() % UInt64(leftCount))
                var other = Int(random.next() % UInt64(max(1, leftCount - 1)))
                if other >= a { other += 1 }
                b = other
            }
            sampled.append(UInt64(a) << 32 | UInt64(b))
        }
        let empty = settings.comparisons.map { [Double](repeating: 0, count: $0.levels.count + 1) }
        var uCounts = empty
        let countedU = LinkageParallel.map(sampled.count) { range in
            var counts = empty
            for pair in sampled[range] {
                for c in comparators.indices {
                    let level = comparators[c].level(Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
                    if level >= 0 { counts[c][Int(level)] += 1 }
                }
            }
            return counts
        }
        for part in countedU {
            for c in part.indices { for level in part[c].indices { uCounts[c][level] += part[c][level] } }
        }
        sampled = []
        // A level never seen among random pairs gets half an observation, not zero.
        let u = uCounts.map { counts -> [Double] in
            let total = counts.reduce(0, +) + Double(counts.count) * 0.5
            return counts.map { ($0 + 0.5) / total }
        }
        notes.append("u from \(samples) random pairs")
        progress("Estimated u from \(Format.count(samples)) random pairs")

        // The prior from deterministic rules and their stated recall.
        var lambda = 1 / max(1, Double(max(leftCount, rightCount)))
        if !settings.deterministic.isEmpty {
            let sure = distinctPairs(settings.deterministic)
            lambda = min(0.5, max(1 / totalPairs, Double(sure.count) / settings.deterministicRecall / totalPairs))
            notes.append("prior \(lambda) from \(sure.count) deterministic pairs at recall \(settings.deterministicRecall)")
            progress("Estimated the prior from \(Format.count(sure.count)) pairs the deterministic rules find")
        }

        // m by expectation maximisation, one session per training rule.
        var mSums = settings.comparisons.map { [Double](repeating: 0, count: $0.levels.count + 1) }
        var mSessions = [Int](repeating: 0, count: settings.comparisons.count)
        for rule in settings.trainingBlocking {
            let trainingPairs = distinctPairs([rule])
            let fixed = settings.comparisons.map { rule.columns.contains($0.column) }
            let codes = codes(trainingPairs, comparators)
            rulePairs.keep(pairs: trainingPairs, codes: codes)
            var counted: [UInt64: Double] = [:]
            for code in codes { counted[code, default: 0] += 1 }
            let patterns = Dictionary(uniqueKeysWithValues: counted.map { (Self.levels($0.key, count: comparators.count), $0.value) })
            var (m, iterations) = expectationMaximisation(patterns, u: u, fixed: fixed)
            for c in m.indices where !fixed[c] {
                for level in m[c].indices { mSums[c][level] += m[c][level] }
                mSessions[c] += 1
            }
            m.removeAll()
            notes.append("EM on \(rule.description): \(trainingPairs.count) pairs, \(patterns.count) patterns, \(iterations) iterations")
            progress("Trained m on pairs blocked by \(rule.description) (\(Format.count(trainingPairs.count)) pairs, \(iterations) iterations)")
        }
        let m = settings.comparisons.indices.map { c -> [Double] in
            mSessions[c] > 0 ? mSums[c].map { max($0 / Double(mSessions[c]), 1e-6) } : Self.initialM(levels: settings.comparisons[c].levels.count)
        }
        // Random pairs include some true matches (many, when each entity appears several times);
        // take their expected share out of u so a shared value is not mistaken for chance.
        let floor = 0.5 / Double(max(1, samples))
        let debiased = u.indices.map { c -> [Double] in
            let values = u[c].indices.map { max((u[c][$0] - lambda * m[c][$0]) / (1 - lambda), floor) }
            let total = values.reduce(0, +)
            return values.map { $0 / total }
        }
        return (LinkageModel(lambda: lambda, m: m, u: debiased), notes)
    }

    func predict(_ model: LinkageModel, comparators: [Comparator], notes: [String], progress: (String) -> Void) -> LinkageResult {
        let m = model.m
        // Predict: score every candidate pair.
        let candidates = distinctPairs(settings.blocking)
        progress("Scoring \(Format.count(candidates.count)) candidate pairs")
        let weights = settings.comparisons.indices.map { c in m[c].indices.map { model.weight(c, $0) } }
        let adjusted = settings.comparisons.map { comparison -> Bool in
            guard comparison.termFrequency, case .exact? = comparison.levels.first else { return false }
            return true
        }
        let threshold = settings.threshold
        var links = LinkageParallel.map(candidates.count) { range -> [LinkedPair] in
            var kept: [LinkedPair] = []
            // One vector for every pair, copied only into the pairs kept: millions of pairs are scored.
            var vector = [Int8](repeating: 0, count: comparators.count)
            let codes = codes(of: candidates[range], comparators)
            for (pair, code) in zip(candidates[range], codes) {
                let a = Int(pair >> 32)
                let b = Int(pair & 0xFFFF_FFFF)
                for c in comparators.indices { vector[c] = Self.level(code, c) }
                var weight = model.priorWeight
                for (c, level) in vector.enumerated() where level >= 0 {
                    weight += weights[c][Int(level)]
                    if level == 0, adjusted[c] {
                        weight += termFrequencyAdjustment(c, record: a, u: model.u[c][0])
                    }
                }
                let probability = 1 / (1 + exp2(-weight))
                if probability >= threshold {
                    kept.append(LinkedPair(left: a, right: b, weight: weight, probability: probability, levels: vector))
                }
            }
            return kept
        }.flatMap { $0 }
        links.sort { ($0.left, $0.right) < ($1.left, $1.right) }
        progress("Scored: \(Format.count(links.count)) pairs at p ≥ \(threshold)")
        return LinkageResult(
            model: model, candidatePairs: candidates.count, links: links, cluster: clusters(links), uniqueIDs: data.uniqueIDs,
            leftCount: leftCount, notes: notes)
    }

    /// A common value matching says less than a rare one: the exact level's u becomes the value's frequency.
    func termFrequencyAdjustment(_ c: Int, record: Int, u: Double) -> Double {
        let column = settings.comparisons[c].column
        let id = Int(data.ids[column]![record])
        let frequency = max(Double(data.counts[column]![id]) / Double(data.recordCount), 1 / Double(data.recordCount))
        return log2(u / frequency)
    }

    static func initialM(levels: Int) -> [Double] {
        // Most matches agree exactly, fewer at each looser level, few not at all.
        var values = [0.7]
        var rest = 0.25
        for _ in 1..<max(1, levels) {
            rest /= 2
            values.append(rest)
        }
        values.append(0.05)
        let total = values.reduce(0, +)
        return values.map { $0 / total }
    }

    /// m for the comparisons not fixed by the training rule, with u held as estimated.
    func expectationMaximisation(_ patterns: [[Int8]: Double], u: [[Double]], fixed: [Bool]) -> ([[Double]], Int) {
        var m = settings.comparisons.map { Self.initialM(levels: $0.levels.count) }
        var lambda = 0.5
        // A fixed order: sums in floating point must not depend on a hash table's layout.
        let list = patterns.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let total = list.reduce(0) { $0 + $1.value }
        var iterations = 0
        for iteration in 1...40 {
            iterations = iteration
            var sums = settings.comparisons.map { [Double](repeating: 0, count: $0.levels.count + 1) }
            var matched = 0.0
            for (vector, count) in list {
                var weight = log2(lambda / (1 - lambda))
                for (c, level) in vector.enumerated() where !fixed[c] && level >= 0 {
                    weight += log2(m[c][Int(level)] / u[c][Int(level)])
                }
                let p = 1 / (1 + exp2(-weight))
                matched += p * count
                for (c, level) in vector.enumerated() where !fixed[c] && level >= 0 { sums[c][Int(level)] += p * count }
            }
            lambda = min(max(matched / total, 1e-6), 1 - 1e-6)
            var change = 0.0
            for c in m.indices where !fixed[c] {
                let sum = sums[c].reduce(0, +)
                guard sum > 0 else { continue }
                // One pseudo-pair spread as the starting m: a level the training pairs never show
                // becomes unlikely, not impossible (an impossible level would veto every link).
                let start = Self.initialM(levels: settings.comparisons[c].levels.count)
                let updated = sums[c].indices.map { max((sums[c][$0] + start[$0]) / (sum + 1), 1e-6) }
                change = max(change, zip(updated, m[c]).map { abs($0 - $1) }.max() ?? 0)
                m[c] = updated
            }
            if change < 1e-5 { break }
        }
        return (m, iterations)
    }

    /// Connected components over the links; each record's cluster is named by its smallest member.
    func clusters(_ links: [LinkedPair]) -> [Int] {
        var parent = Array(0..<(leftCount + rightCount))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for link in links {
            let a = find(link.left)
            let b = find(link.right)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        return parent.indices.map(find)
    }
}
