public import AccordCore
public import AccordStore

/// Loading a CRM, marketing or support export through a source's field mapping: the plan is
/// worked out against the client record as it is, and written in one transaction with its audit
/// entry, or not at all. The command line reads the file and shows the result.
public struct ImportDesk: Sendable {
    public let spec: Spec
    public let store: any IdentityStore

    public init(spec: Spec, store: any IdentityStore) {
        self.spec = spec
        self.store = store
        matcher = AccountMatcher(identity: spec.identity)
    }

    /// Matches imported companies with the spec's identity section and, when given, a saved model.
    public var matcher: AccountMatcher

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownSource(String, known: [String])

        public var description: String {
            switch self {
            case .unknownSource(let id, let known): "source '\(id)' is not in the spec; its sources are \(known.joined(separator: ", "))"
            }
        }
    }

    public func source(_ id: String) throws -> SourceDefinition {
        guard let definition = spec.sources.first(where: { $0.id == id }) else { throw Failure.unknownSource(id, known: spec.sources.map(\.id)) }
        return definition
    }

    /// What importing these company rows would change. Lines the reader could not use count as rejected.
    /// Throws `ImportError` when the rows cannot be mapped at all (a mapped column missing, say).
    /// `matching` hears how many accounts the rows are matched against, before the matching starts.
    public func planAccounts(
        _ export: ExportRows, source: SourceDefinition, today: Day, matching: (Int) -> Void = { _ in }
    ) async throws -> ImportPlan {
        let existing = try await store.accountsForMatching()
        let links = try await store.sourceLinks(source: source.id, kind: "account")
        var foreignLinks: [String: [String: String]] = [:]
        for other in source.foreignKeys.keys {
            foreignLinks[other] = try await store.sourceLinks(source: other, kind: "account")
        }
        let apart = try await store.keptApart()
        matching(existing.count)
        let owners = try await store.sourceOwners(source: source.id)
        var plan = try AccountImport.plan(
            rows: owners.isEmpty ? export.rows : AccountImport.namingOwners(export.rows, source: source, owners: owners), header: export.header, source: source,
            existing: existing, links: links,
            defaultSegment: spec.segments.first?.id ?? "unassigned", today: today, matcher: matcher,
            foreignLinks: foreignLinks, apart: apart)
        plan.rejected = (export.unreadable + plan.rejected).sorted { $0.line < $1.line }
        return plan
    }

    /// Writes a company plan with its audit entry, all of it or none.
    public func applyAccounts(
        _ plan: ImportPlan, source: String, file: String, rows: Int, actor: AuditActor, at: Instant, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws {
        let audit = actor.entry(
            "import.completed", target: "source:\(source)", at: at,
            after: [
                "file": .string(file), "rows": .number(Double(rows)),
                "created": .number(Double(plan.created.count)), "linked": .number(Double(plan.links.count - plan.created.count)),
                "updated": .number(Double(plan.alreadyLinked)), "conflicts": .number(Double(plan.conflicts.count)),
                "to_review": .number(Double(plan.reviews.count)),
                "rejected": .number(Double(plan.rejected.count)), "merged": .number(Double(plan.merges.count)),
            ])
        try await store.applyImport(plan, source: source, at: at, audit: audit, progress: progress)
    }

    /// What importing these contact rows would change.
    public func planContacts(_ export: ExportRows, source: SourceDefinition) async throws -> ContactImportPlan {
        let accounts = try await store.accountsForMatching()
        let existing = try await store.contactsForMatching()
        let links = try await store.contactLinks(source: source.id)
        var plan = try ContactImport.plan(
            rows: export.rows, header: export.header, source: source, accounts: accounts, contacts: existing, links: links,
            freeMail: spec.identity.freeMailDomains.isEmpty ? Normalize.defaultFreeMail : Set(spec.identity.freeMailDomains))
        plan.rejected = (export.unreadable + plan.rejected).sorted { $0.line < $1.line }
        return plan
    }

    /// Writes a contact plan with its audit entry, all of it or none.
    public func applyContacts(
        _ plan: ContactImportPlan, source: String, file: String, rows: Int, actor: AuditActor, at: Instant,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws {
        let audit = actor.entry(
            "import.completed", target: "source:\(source)", at: at,
            after: [
                "file": .string(file), "kind": "contacts", "rows": .number(Double(rows)),
                "created": .number(Double(plan.created.count)), "linked": .number(Double(plan.links.count - plan.created.count)),
                "rejected": .number(Double(plan.rejected.count)),
            ])
        try await store.applyContactImport(plan, source: source, at: at, audit: audit, progress: progress)
    }
}
