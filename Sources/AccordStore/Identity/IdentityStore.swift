public import AccordCore

/// Which source records are which account or contact: imports, reviews and merges.
public protocol IdentityStore: Sendable {
    func accountsForMatching() async throws -> [ExistingAccount]
    /// A source's record ids of one kind (`account`, `group`, `user`) → the account they belong to.
    func sourceLinks(source: String, kind: String) async throws -> [String: String]
    /// A source's users who are the spec's people (an owners stream's sync): their id there → the person's id.
    func sourceOwners(source: String) async throws -> [String: String]
    /// Writes a whole import in one transaction with its audit entry: all of it or none.
    /// `progress` is told rows written so far and the total.
    func applyImport(_ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void) async throws
    func identities(accountID: String) async throws -> [SourceIdentity]
    func identityReviews(openOnly: Bool) async throws -> [IdentityReview]
    func identityReview(id: Int64) async throws -> IdentityReview?
    /// Records a person's decision on a review: link the record to the candidate, or make it the
    /// given new account. Nil when there is no such review; an already decided one is returned unchanged.
    func decideReview(id: Int64, decision: IdentityReview.Decision, newAccount: Account?, at: Instant, audit: AuditEntry) async throws -> IdentityReview?
    func contactsForMatching() async throws -> [ExistingContact]
    /// A source's contact ids → (contact, account).
    func contactLinks(source: String) async throws -> [String: (contact: String, account: String)]
    func applyContactImport(
        _ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void) async throws

    // Merges
    /// Folds each absorbed account into its survivor, in one transaction, with an audit entry per
    /// merge. An automatic merge of two accounts a person kept apart is refused.
    func mergeAccounts(_ proposals: [MergeProposal], origin: AccountMerge.Origin, audit: AuditEntry) async throws -> [AccountMerge]
    /// Restores an absorbed account with the rows that moved and what arrived since through its
    /// records; the two are kept apart from then on.
    func unmergeAccount(_ absorbed: String, audit: AuditEntry) async throws -> AccountMerge
    /// Every merge, or those an account took part in, oldest first.
    func merges(accountID: String?) async throws -> [AccountMerge]
    /// The live account an id stands for: itself, or where it was merged. Nil for an id never seen.
    func currentAccountID(_ id: String) async throws -> String?
    func keptApart() async throws -> Set<AccountPair>
}

extension IdentityStore {
    public func applyImport(_ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry) async throws {
        try await applyImport(plan, source: source, at: at, audit: audit) { _, _ in }
    }

    public func applyContactImport(_ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry) async throws {
        try await applyContactImport(plan, source: source, at: at, audit: audit) { _, _ in }
    }
}
