/// Two accounts a person said are different companies: no automatic run may merge them again.
public struct AccountPair: Sendable, Hashable, Codable {
    public let first: String
    public let second: String

    public init(_ a: String, _ b: String) {
        (first, second) = a < b ? (a, b) : (b, a)
    }
}

/// One account folded into another: the absorbed id redirects to the survivor from then on.
public struct MergeProposal: Sendable, Hashable {
    public var survivor: String
    public var absorbed: String
    /// Why they are one company, for the merge record and `/identities`.
    public var reason: String

    public init(survivor: String, absorbed: String, reason: String) {
        self.survivor = survivor
        self.absorbed = absorbed
        self.reason = reason
    }
}

/// Which existing accounts are one company. Links are replayed in the order the matcher made them
/// (deterministic rules first); a link that would put two kept-apart accounts together is refused,
/// so a person's unmerge outlives every later run. In each group the oldest account survives.
public enum AccountResolution {
    public struct Grouping: Sendable {
        /// Per record, a representative of its group.
        public var group: [Int]
        /// Per record, the first accepted link that touched it, described with the other side.
        public var reason: [Int: String]
        /// Records whose unconstrained cluster was split by a kept-apart pair.
        public var split: Set<Int>
    }

    /// - Parameters:
    ///   - count: records, of which the first `accounts.count` are existing accounts, oldest first.
    ///   - label: how a record is named in a reason (`acc_…`, `hubspot 123`).
    public static func group(
        count: Int, accounts: [String], links: [(Int, Int, MatchReason)], apart: Set<AccountPair>, label: (Int) -> String
    ) -> Grouping {
        var parent = Array(0..<count)
        var members: [Int: [Int]] = [:]
        for index in accounts.indices { members[index] = [index] }
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var free = Array(0..<count)
        func freeFind(_ x: Int) -> Int {
            var x = x
            while free[x] != x {
                free[x] = free[free[x]]
                x = free[x]
            }
            return x
        }
        var reason: [Int: String] = [:]
        for (a, b, why) in links {
            let (fa, fb) = (freeFind(a), freeFind(b))
            if fa != fb { free[max(fa, fb)] = min(fa, fb) }
            let (x, y) = (find(a), find(b))
            guard x != y else { continue }
            let left = members[x] ?? []
            let right = members[y] ?? []
            if !apart.isEmpty, left.contains(where: { l in right.contains { r in apart.contains(AccountPair(accounts[l], accounts[r])) } }) { continue }
            let (root, child) = (min(x, y), max(x, y))
            parent[child] = root
            if !left.isEmpty || !right.isEmpty { members[root] = (left + right).sorted() }
            members[child] = nil
            reason[a] = reason[a] ?? why.described(with: label(b))
            reason[b] = reason[b] ?? why.described(with: label(a))
        }
        let group = (0..<count).map(find)
        // A record whose free cluster holds accounts from two groups sits between kept-apart accounts.
        var groupsOfFree: [Int: Set<Int>] = [:]
        for index in accounts.indices { groupsOfFree[freeFind(index), default: []].insert(group[index]) }
        let split = Set((0..<count).filter { (groupsOfFree[freeFind($0)]?.count ?? 0) > 1 })
        return Grouping(group: group, reason: reason, split: split)
    }

    /// The merges a grouping implies: in each group with several existing accounts, the oldest
    /// (lowest index) survives and the others fold into it.
    public static func merges(_ grouping: Grouping, accounts: [String]) -> [MergeProposal] {
        var survivorOf: [Int: Int] = [:]
        var merges: [MergeProposal] = []
        for index in accounts.indices {
            let group = grouping.group[index]
            if let survivor = survivorOf[group] {
                merges.append(
                    .init(survivor: accounts[survivor], absorbed: accounts[index], reason: grouping.reason[index] ?? "same company as \(accounts[survivor])"))
            } else {
                survivorOf[group] = index
            }
        }
        return merges
    }

    /// A whole run over the client record: the merges the matcher finds among existing accounts,
    /// and the pairs in its review band, which a person may merge by hand.
    public static func plan(
        existing: [ExistingAccount], matcher: AccountMatcher, apart: Set<AccountPair>
    ) -> (merges: [MergeProposal], review: [(String, String, Double)], model: LinkageModel?) {
        let records = existing.map { SourceAccountRecord(source: "accord", externalID: $0.id, name: $0.name, website: $0.domain, country: $0.country) }
        let match = matcher.match(records)
        let ids = existing.map(\.id)
        let grouping = group(count: ids.count, accounts: ids, links: match.links, apart: apart, label: { ids[$0] })
        let review = match.review.compactMap { a, b, p -> (String, String, Double)? in
            grouping.group[a] == grouping.group[b] || apart.contains(AccountPair(ids[a], ids[b])) ? nil : (ids[a], ids[b], p)
        }
        return (merges(grouping, accounts: ids), review, match.model)
    }
}
