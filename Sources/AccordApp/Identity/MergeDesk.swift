import AccordCore
public import AccordStore
import Foundation

/// A person's merge of two accounts, the same from the API and the command line: the older
/// account survives (ids stay stable however the merge was asked for).
public struct MergeDesk: Sendable {
    public let store: any RecordStore & IdentityStore

    public init(store: any RecordStore & IdentityStore) {
        self.store = store
    }

    public func proposal(_ first: String, _ second: String, reason: String?) async throws -> MergeProposal {
        guard first != second else { throw StoreError.conflict("name two different accounts to merge; both are '\(first)'") }
        var accounts: [Account] = []
        for id in [first, second] {
            guard let detail = try await store.account(id: id) else {
                if let now = try await store.currentAccountID(id) { throw StoreError.conflict("\(id) was already merged into \(now); merge \(now) instead") }
                throw StoreError.notFound("no account with id '\(id)'")
            }
            accounts.append(detail.account)
        }
        let ordered = accounts.sorted { ($0.createdOn, $0.id) < ($1.createdOn, $1.id) }
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return MergeProposal(survivor: ordered[0].id, absorbed: ordered[1].id, reason: why.flatMap { $0.isEmpty ? nil : $0 } ?? "merged by hand")
    }
}
