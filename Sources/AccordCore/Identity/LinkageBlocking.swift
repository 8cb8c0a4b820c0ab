// Blocking: which pairs of records are compared at all.
extension LinkageEngine {
    /// A block of more records than this is not compared all against all (that grows with the
    /// square of its size: 8,000 rows sharing a name prefix and a country are 32 million pairs).
    /// Its records are sorted by the first compared column and each is compared with the
    /// `window` records after it, so similar values, which sort together, still meet.
    static let largestFullBlock = 128
    static let window = 16

    /// The distinct pairs (lower record number << 32 | higher) for which any of `rules` holds,
    /// in ascending order. Gathered in a list and sorted: at a million records that is several
    /// times faster than a hash set, and the order is the same on every run.
    func distinctPairs(_ rules: [LinkageSettings.BlockingRule]) -> [UInt64] {
        if rules.count == 1 { return rulePairs.pairs(rules[0]) { pairs($0) } }
        var all: [UInt64] = []
        for rule in rules { all += rulePairs.pairs(rule) { pairs($0) } }
        return Self.sortedDistinct(all)
    }

    static func sortedDistinct(_ list: [UInt64]) -> [UInt64] {
        var all = list
        all.sort()
        var kept = 0
        for index in all.indices where index == 0 || all[index] != all[index - 1] {
            all[kept] = all[index]
            kept += 1
        }
        all.removeLast(all.count - kept)
        return all
    }

    /// One side of a rule for one record: its key, and whether it stands on the rule's left or right.
    struct BlockEntry {
        var key: UInt64
        /// record << 1 | side (0 left, 1 right)
        var item: UInt32
    }

    /// The distinct pairs for which the rule holds, sorted. Records are grouped by sorting their
    /// keys rather than in a hash table of lists: a million records are a million small lists.
    func pairs(_ rule: LinkageSettings.BlockingRule) -> [UInt64] {
        let leftColumns = rule.left.map { data.ids[$0]! }
        // A right column other than its left one is read in the left one's ids, so that
        // "given name equals the other's surname" compares like with like.
        let rightColumns = zip(rule.left, rule.right).map { left, right in left == right ? data.ids[right]! : translated(right, into: left) }
        let crossed = rule.left != rule.right
        // Per column past the second, the numbers given to the keys so far (both sides share them).
        var combined = [[UInt64: UInt64]](repeating: [:], count: max(0, rule.left.count - 2))
        func key(_ columns: [[Int32]], _ record: Int) -> UInt64? {
            var key: UInt64 = 0
            for (position, column) in columns.enumerated() {
                let id = column[record]
                if id == 0 { return nil }
                if position < 2 {
                    key = key << 32 | UInt64(UInt32(bitPattern: id))
                } else {
                    // Past two columns the key no longer fits one integer: the two so far become one number.
                    let packed = key
                    key = combined[position - 2][packed] ?? UInt64(combined[position - 2].count)
                    combined[position - 2][packed] = key
                    key = key << 32 | UInt64(UInt32(bitPattern: id))
                }
            }
            return key
        }
        var entries: [BlockEntry] = []
        entries.reserveCapacity(leftCount + rightCount)
        let total = leftCount + rightCount
        for record in 0..<total {
            let inLeftFile = record < leftCount
            if settings.linkType == .link {
                if let key = key(inLeftFile ? leftColumns : rightColumns, record) {
                    entries.append(BlockEntry(key: key, item: UInt32(record) << 1 | (inLeftFile ? 0 : 1)))
                }
            } else {
                if let key = key(leftColumns, record) { entries.append(BlockEntry(key: key, item: UInt32(record) << 1)) }
                if crossed, let key = key(rightColumns, record) { entries.append(BlockEntry(key: key, item: UInt32(record) << 1 | 1)) }
            }
        }
        entries.sort { ($0.key, $0.item) < ($1.key, $1.item) }
        var out: [UInt64] = []
        emit(entries, acrossSides: settings.linkType == .link || crossed, into: &out)
        return Self.sortedDistinct(out)
    }

    /// The ids of `column` as ids of `target` (a value `target` never holds gets one of its own).
    private func translated(_ column: String, into target: String) -> [Int32] {
        let targetTexts = data.texts[target]!
        var index: [[Unicode.Scalar]: Int32] = [:]
        for (id, text) in targetTexts.enumerated() where id > 0 { index[text] = Int32(id) }
        var next = Int32(targetTexts.count)
        let mapping = data.texts[column]!.enumerated().map { id, text -> Int32 in
            if id == 0 { return 0 }
            if let found = index[text] { return found }
            next += 1
            return next
        }
        return data.ids[column]!.map { mapping[Int($0)] }
    }

    private func emit(_ entries: [BlockEntry], acrossSides: Bool, into out: inout [UInt64]) {
        func add(_ x: UInt32, _ y: UInt32) {
            // Linking pairs one record of each file, a crossed rule one record of each side.
            if acrossSides, x & 1 == y & 1 { return }
            let a = UInt64(x >> 1)
            let b = UInt64(y >> 1)
            if a == b { return }
            out.append(a < b ? a << 32 | b : b << 32 | a)
        }
        var start = 0
        var block: [UInt32] = []
        let rank = sortRank
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            defer { start = end }
            guard end - start > 1 else { continue }
            if end - start <= Self.largestFullBlock {
                for i in start..<end { for j in (i + 1)..<end { add(entries[i].item, entries[j].item) } }
                continue
            }
            block.removeAll(keepingCapacity: true)
            for i in start..<end { block.append(entries[i].item) }
            block.sort { (rank[Int($0 >> 1)], $0) < (rank[Int($1 >> 1)], $1) }
            for i in block.indices {
                for j in (i + 1)..<min(block.count, i + 1 + Self.window) { add(block[i], block[j]) }
            }
        }
    }
}
