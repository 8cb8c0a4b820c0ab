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
        var all: [UInt64] = []
        for rule in rules { pairs(rule, into: &all) }
        all.sort()
        var kept = 0
        for index in all.indices where index == 0 || all[index] != all[index - 1] {
            all[kept] = all[index]
            kept += 1
        }
        all.removeLast(all.count - kept)
        return all
    }

    /// Appends the pairs for which the rule holds (one pair may come from several blocks).
    func pairs(_ rule: LinkageSettings.BlockingRule, into out: inout [UInt64]) {
        let leftColumns = rule.left.map { data.ids[$0]! }
        let rightColumns = rule.right.map { data.ids[$0]! }
        // A key of one or two columns packs into one integer; a longer one is a list of ids.
        if leftColumns.count <= 2 && rightColumns.count <= 2 {
            func packed(_ columns: [[Int32]], _ record: Int) -> UInt64? {
                var key: UInt64 = 0
                for column in columns {
                    let id = column[record]
                    if id == 0 { return nil }
                    key = key << 32 | UInt64(UInt32(bitPattern: id))
                }
                return key
            }
            emit(blocks(leftColumns, rightColumns, key: packed), into: &out)
        } else {
            func listed(_ columns: [[Int32]], _ record: Int) -> [Int32]? {
                var key: [Int32] = []
                key.reserveCapacity(columns.count)
                for column in columns {
                    let id = column[record]
                    if id == 0 { return nil }
                    key.append(id)
                }
                return key
            }
            emit(blocks(leftColumns, rightColumns, key: listed), into: &out)
        }
    }

    /// The records of each block, a record without a value in a key column in none.
    private func blocks<Key: Hashable>(_ leftColumns: [[Int32]], _ rightColumns: [[Int32]], key: ([[Int32]], Int) -> Key?) -> [[Int32]] {
        var blocks: [Key: [Int32]] = [:]
        for record in 0..<leftCount {
            if let key = key(leftColumns, record) { blocks[key, default: []].append(Int32(record)) }
        }
        if settings.linkType == .link {
            for record in leftCount..<(leftCount + rightCount) {
                if let key = key(rightColumns, record) { blocks[key, default: []].append(Int32(record)) }
            }
        }
        return blocks.values.filter { $0.count > 1 }
    }

    private func emit(_ blocks: [[Int32]], into out: inout [UInt64]) {
        let linking = settings.linkType == .link
        func add(_ a: Int32, _ b: Int32) {
            // Linking pairs one record of each file; deduping, any two.
            if linking, (Int(a) < leftCount) == (Int(b) < leftCount) { return }
            let (low, high) = a < b ? (UInt64(a), UInt64(b)) : (UInt64(b), UInt64(a))
            out.append(low << 32 | high)
        }
        for var block in blocks {
            if block.count <= Self.largestFullBlock {
                for i in block.indices { for j in (i + 1)..<block.count { add(block[i], block[j]) } }
                continue
            }
            let rank = sortRank
            block.sort { (rank[Int($0)], $0) < (rank[Int($1)], $1) }
            for i in block.indices {
                for j in (i + 1)..<min(block.count, i + 1 + Self.window) { add(block[i], block[j]) }
            }
        }
    }
}
