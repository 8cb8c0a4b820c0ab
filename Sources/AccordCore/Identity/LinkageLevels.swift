// A pair's comparison levels, packed: one integer per pair instead of an array, so training
// counts patterns without allocating and scoring can reuse what training compared.
extension LinkageEngine {
    /// Four bits per comparison, each holding its level + 1 (0: a value is missing).
    static func code(_ comparators: [Comparator], _ a: Int, _ b: Int) -> UInt64 {
        var code: UInt64 = 0
        for (c, comparator) in comparators.enumerated() { code |= UInt64(UInt8(bitPattern: comparator.level(a, b) + 1)) << (4 * c) }
        return code
    }

    static func level(_ code: UInt64, _ c: Int) -> Int8 { Int8((code >> (4 * c)) & 0xF) - 1 }

    static func levels(_ code: UInt64, count: Int) -> [Int8] { (0..<count).map { level(code, $0) } }

    /// Each pair's packed levels, the pairs split over the cores.
    func codes(_ pairs: [UInt64], _ comparators: [Comparator]) -> [UInt64] {
        LinkageParallel.map(pairs.count) { range in
            pairs[range].map { Self.code(comparators, Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
        }.flatMap { $0 }
    }

    /// The packed levels of `pairs` (sorted) where training already worked them out, else computed.
    func codes(of pairs: ArraySlice<UInt64>, _ comparators: [Comparator]) -> [UInt64] {
        let known = rulePairs.compared
        var cursors = known.map { list in Self.lowerBound(list.pairs, pairs.first ?? 0) }
        var result: [UInt64] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            var found: UInt64?
            for k in known.indices {
                let list = known[k].pairs
                while cursors[k] < list.count, list[cursors[k]] < pair { cursors[k] += 1 }
                if found == nil, cursors[k] < list.count, list[cursors[k]] == pair { found = known[k].codes[cursors[k]] }
            }
            result.append(found ?? Self.code(comparators, Int(pair >> 32), Int(pair & 0xFFFF_FFFF)))
        }
        return result
    }

    static func lowerBound(_ list: [UInt64], _ value: UInt64) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Each rule's pairs, worked out once per run (training and scoring ask for the same rules), and
/// the levels of the pairs training compared, which scoring then does not compare again.
final class RulePairs: @unchecked Sendable {
    private var cache: [LinkageSettings.BlockingRule: [UInt64]] = [:]
    private(set) var compared: [(pairs: [UInt64], codes: [UInt64])] = []

    func pairs(_ rule: LinkageSettings.BlockingRule, _ make: (LinkageSettings.BlockingRule) -> [UInt64]) -> [UInt64] {
        if let found = cache[rule] { return found }
        let made = make(rule)
        cache[rule] = made
        return made
    }

    func keep(pairs: [UInt64], codes: [UInt64]) { compared.append((pairs, codes)) }
}
