/// One row of an export, with the line it came from.
public struct ImportRow: Sendable {
    public var line: Int
    public var cells: [String: String]

    public init(line: Int, cells: [String: String]) {
        self.line = line
        self.cells = cells
    }
}

/// An account already on the client record, as matching sees it.
public struct ExistingAccount: Sendable, Hashable {
    public var id: String
    public var name: String
    public var domain: String?
    public var country: String?

    public init(id: String, name: String, domain: String?, country: String?) {
        self.id = id
        self.name = name
        self.domain = domain
        self.country = country
    }
}

public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var reason: String
    /// The file's line it is about, when it is about one.
    public var line: Int?

    public init(description: String, line: Int? = nil) {
        reason = description
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}

/// What an import will do, worked out before anything is written, so it is written whole or not at all.
public struct ImportPlan: Sendable {
    public struct Link: Sendable, Hashable {
        public var externalID: String
        public var accountID: String
        /// Why this record belongs to that account, for `/identities`.
        public var rule: String

        public init(externalID: String, accountID: String, rule: String) {
            self.externalID = externalID
            self.accountID = accountID
            self.rule = rule
        }
    }

    public struct Update: Sendable, Hashable {
        public var accountID: String
        /// Column of the accounts table → value.
        public var fields: [String: String]
        /// The source is the system of record for these fields: they overwrite; others only fill gaps.
        public var overwrite: Set<String>

        public init(accountID: String, fields: [String: String], overwrite: Set<String>) {
            self.accountID = accountID
            self.fields = fields
            self.overwrite = overwrite
        }
    }

    public struct Conflict: Sendable, Hashable {
        public var line: Int
        public var externalID: String
        public var candidates: [String]
    }

    public struct Review: Sendable, Hashable {
        public var line: Int
        public var externalID: String
        public var candidate: String
        public var probability: Double
        /// The row's mapped fields, kept so a person's decision can create or update the account later.
        public var fields: [String: String] = [:]

        public init(line: Int, externalID: String, candidate: String, probability: Double, fields: [String: String] = [:]) {
            self.line = line
            self.externalID = externalID
            self.candidate = candidate
            self.probability = probability
            self.fields = fields
        }
    }

    public var created: [Account] = []
    /// Rows not imported: they may be an existing account, and a person decides.
    public var reviews: [Review] = []
    /// New accounts created from two rows that may be one company: imported, and flagged.
    public var possibleDuplicates: [Review] = []
    public var links: [Link] = []
    public var updates: [Update] = []
    public var conflicts: [Conflict] = []
    /// Existing accounts the import shows to be one company: each folds into the oldest.
    public var merges: [MergeProposal] = []
    public var rejected: [(line: Int, reason: String)] = []
    /// Rows whose record was linked before (by this source's id): their fields update the account.
    public var alreadyLinked = 0
    public var matched = 0
    /// Accounts of the client record the rows were matched against.
    public var existing = 0

    public init() {}
}

/// Turns export rows into accounts through a source's field mapping: rows already linked update
/// their account, others are matched to existing accounts (AccountMatcher) or become new ones.
/// When a row shows several existing accounts to be one company they merge (the oldest survives),
/// unless a person kept two of them apart: then the row is a conflict left for a person, never a guess.
public enum AccountImport {
    static let accountColumns: [String: String] = [
        "account.name": "name", "account.domain": "domain", "account.industry": "industry", "account.country": "country",
        "account.licensed_seats": "licensed_seats", "account.lifecycle_stage": "lifecycle_stage", "account.owner_cs": "owner_cs",
        "account.owner_sales": "owner_sales", "account.segment": "segment", "account.acquisition_source": "acquisition_source",
    ]

    /// CRM and marketing-automation stage names onto the funnel of seed 003.
    static let stages: [String: LifecycleStage] = [
        "subscriber": .awareness, "lead": .awareness, "marketingqualifiedlead": .consideration, "salesqualifiedlead": .consideration,
        "opportunity": .purchase, "customer": .retention, "evangelist": .advocacy, "other": .awareness, "prospect": .consideration,
        "former customer": .churned, "churned": .churned,
    ]

    public static func plan(
        rows: [ImportRow], header: [String], source: SourceDefinition, existing: [ExistingAccount], links: [String: String],
        defaultSegment: String, today: Day, matcher: AccountMatcher = AccountMatcher(), foreignLinks: [String: [String: String]] = [:],
        apart: Set<AccountPair> = []
    ) throws -> ImportPlan {
        let column = ExportHeader(header).column
        let keyColumn = try ExportHeader(header).key("account", names: source.accountKey.map { [$0] + source.accountKeyAliases }, source: source.id)
        let mapped = source.mappings.filter { $0.direction != .outbound && accountColumns[$0.to] != nil }.compactMap { mapping -> (FieldMapping, String)? in
            column(mapping.names).map { (mapping, $0) }
        }
        guard mapped.contains(where: { $0.0.to == "account.name" || $0.0.to == "account.domain" }) else {
            throw ImportError(description: "none of the columns maps to account.name or account.domain for '\(source.id)'; check the source's mappings")
        }

        var plan = ImportPlan()
        plan.existing = existing.count
        var pending: [(row: ImportRow, id: String, fields: [String: String], overwrite: Set<String>)] = []
        var seenIDs: Set<String> = []
        rowLoop: for row in rows {
            let id = source.canonicalID((row.cells[keyColumn] ?? "").trimmedWhitespace)
            guard !id.isEmpty else {
                plan.rejected.append((row.line, "no \(keyColumn)"))
                continue
            }
            guard seenIDs.insert(id).inserted else {
                plan.rejected.append((row.line, "\(keyColumn) \(id) appears twice in the file"))
                continue
            }
            var fields: [String: String] = [:]
            var overwrite: Set<String> = []
            for (mapping, header) in mapped {
                let raw = (row.cells[header] ?? "").trimmedWhitespace
                guard !raw.isEmpty, let target = accountColumns[mapping.to] else { continue }
                var value = raw
                switch target {
                case "domain":
                    guard let domain = DomainName.normalize(raw) else {
                        plan.rejected.append((row.line, "\(header): '\(raw)' is not a website or domain"))
                        continue rowLoop
                    }
                    value = domain
                case "licensed_seats":
                    guard let seats = Int(raw.replacingOccurrences(of: ",", with: "")), seats >= 0 else {
                        plan.rejected.append((row.line, "\(header): '\(raw)' is not a whole number"))
                        continue rowLoop
                    }
                    value = String(seats)
                case "lifecycle_stage":
                    guard let stage = LifecycleStage(rawValue: raw.lowercased()) ?? stages[raw.lowercased()] else {
                        plan.rejected.append((row.line, "\(header): '\(raw)' is not a lifecycle stage Accord knows"))
                        continue rowLoop
                    }
                    value = stage.rawValue
                case "acquisition_source":
                    guard let source = AcquisitionSource(reading: raw) else {
                        plan.rejected.append(
                            (row.line, "\(header): '\(raw)' is neither marketing nor sales, nor a channel Accord knows (such as ORGANIC_SEARCH or OFFLINE)"))
                        continue rowLoop
                    }
                    value = source.rawValue
                case "country":
                    value = raw.uppercased()
                default:
                    break
                }
                fields[target] = value
                if mapping.systemOfRecord { overwrite.insert(target) }
            }
            guard fields["name"] != nil || fields["domain"] != nil else {
                plan.rejected.append((row.line, "no company name or website to identify it by"))
                continue
            }
            if let account = links[id] {
                plan.alreadyLinked += 1
                plan.updates.append(.init(accountID: account, fields: fields, overwrite: overwrite))
            } else if let (account, rule) = foreignAccount(row, source: source, column: column, foreignLinks: foreignLinks) {
                plan.matched += 1
                plan.links.append(.init(externalID: id, accountID: account, rule: rule))
                plan.updates.append(.init(accountID: account, fields: fields, overwrite: overwrite))
            } else {
                pending.append((row, id, fields, overwrite))
            }
        }

        // Match the new rows against the client record and against each other.
        let records =
            existing.map { SourceAccountRecord(source: "accord", externalID: $0.id, name: $0.name, website: $0.domain, country: $0.country) }
            + pending.map {
                SourceAccountRecord(
                    source: source.id, externalID: $0.id, name: $0.fields["name"] ?? "", website: $0.fields["domain"], country: $0.fields["country"])
            }
        let match = matcher.match(records)
        var reviewCandidates: [Int: (Int, Double)] = [:]
        var possibleDuplicates: [ImportPlan.Review] = []
        for (a, b, probability) in match.review {
            if a < existing.count, b >= existing.count { reviewCandidates[b] = (a, probability) }
            if b < existing.count, a >= existing.count { reviewCandidates[a] = (b, probability) }
            if a >= existing.count, b >= existing.count {
                // Two new rows that may be one company: both are imported, and the pair is flagged.
                let (first, second) = (pending[a - existing.count], pending[b - existing.count])
                possibleDuplicates.append(
                    .init(line: second.row.line, externalID: second.id, candidate: "\(source.id) \(first.id)", probability: probability, fields: second.fields))
            }
        }
        let ids = existing.map(\.id)
        let grouping = AccountResolution.group(
            count: records.count, accounts: ids, links: match.links, apart: apart,
            label: { $0 < existing.count ? ids[$0] : "\(source.id) \(records[$0].externalID)" })
        // Only groups this file touches merge here; the rest of the record is `accord resolve`'s to change.
        let touched = Set((existing.count..<records.count).map { grouping.group[$0] })
        let merges = AccountResolution.merges(grouping, accounts: ids)
        if !merges.isEmpty {
            let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            plan.merges = merges.filter { touched.contains(grouping.group[position[$0.absorbed]!]) }
        }
        var survivorOfGroup: [Int: String] = [:]
        for index in ids.indices where survivorOfGroup[grouping.group[index]] == nil { survivorOfGroup[grouping.group[index]] = ids[index] }
        var newAccountOfCluster: [Int: String] = [:]
        for (offset, item) in pending.enumerated() {
            let index = existing.count + offset
            if grouping.split.contains(index) {
                // Between accounts a person kept apart: which one it is, a person decides.
                let candidates = Set(ids.indices.filter { match.cluster[$0] == match.cluster[index] }.compactMap { survivorOfGroup[grouping.group[$0]] })
                plan.conflicts.append(.init(line: item.row.line, externalID: item.id, candidates: candidates.sorted()))
                continue
            }
            if let account = survivorOfGroup[grouping.group[index]] {
                plan.matched += 1
                plan.links.append(.init(externalID: item.id, accountID: account, rule: grouping.reason[index] ?? "matched \(account)"))
                plan.updates.append(.init(accountID: account, fields: item.fields, overwrite: item.overwrite))
                continue
            }
            if let (other, probability) = reviewCandidates[index], let candidate = survivorOfGroup[grouping.group[other]] {
                // Unsure whether this is an existing account: a person decides, nothing is guessed.
                plan.reviews.append(.init(line: item.row.line, externalID: item.id, candidate: candidate, probability: probability, fields: item.fields))
                continue
            }
            if let account = newAccountOfCluster[grouping.group[index]] {
                plan.links.append(.init(externalID: item.id, accountID: account, rule: grouping.reason[index] ?? "same company as another row"))
                plan.updates.append(.init(accountID: account, fields: item.fields, overwrite: []))
                continue
            }
            let account = newAccount(source: source.id, externalID: item.id, fields: item.fields, defaultSegment: defaultSegment, today: today)
            let id = account.id
            newAccountOfCluster[grouping.group[index]] = id
            plan.created.append(account)
            plan.links.append(.init(externalID: item.id, accountID: id, rule: "new account from \(source.id) \(item.id)"))
        }
        plan.possibleDuplicates = possibleDuplicates
        return plan
    }
}

/// The columns of an export, found by any of a field's names, case aside.
struct ExportHeader {
    let names: [String]

    init(_ names: [String]) { self.names = names }

    func column(_ candidates: [String]) -> String? {
        for candidate in candidates { if let found = names.first(where: { $0.caseInsensitiveEquals(candidate) }) { return found } }
        return nil
    }

    /// The column holding the source's record ids for `kind` (account or contact), or an error that says what is missing.
    func key(_ kind: String, names keys: [String]?, source: String) throws -> String {
        guard let keys, let first = keys.first else {
            throw ImportError(description: "source '\(source)' has no identity_keys.\(kind) in the spec; name the column that holds its \(kind) id")
        }
        guard let found = column(keys) else {
            throw ImportError(
                description: "the file has no column '\(first)' (the \(kind) key of '\(source)'); its columns are \(names.joined(separator: ", "))")
        }
        return found
    }
}

extension AccountImport {
    static let ownerFields: Set<String> = ["account.owner_sales", "account.owner_cs", "account.owner_marketing"]

    /// The rows with the owner ids of their system (a Salesforce `OwnerId`) named as the spec's
    /// people they are, where the system's users are linked to people; other ids stay as they are.
    public static func namingOwners(_ rows: [ImportRow], source: SourceDefinition, owners: [String: String]) -> [ImportRow] {
        let columns = source.mappings.filter { ownerFields.contains($0.to) && $0.direction != .outbound }.flatMap(\.names)
        guard !columns.isEmpty else { return rows }
        return rows.map { row in
            var row = row
            for column in columns {
                guard let value = row.cells[column]?.trimmedWhitespace, !value.isEmpty else { continue }
                if let person = owners[source.canonicalID(value)] ?? owners[value] { row.cells[column] = person }
            }
            return row
        }
    }

    /// The account another system's id in this row points to, when that system's record is linked.
    static func foreignAccount(
        _ row: ImportRow, source: SourceDefinition, column: ([String]) -> String?, foreignLinks: [String: [String: String]]
    ) -> (String, String)? {
        for (other, names) in source.foreignKeys.sorted(by: { $0.key < $1.key }) {
            // The other system may be Salesforce, whose ids another system often keeps in their 15-character form.
            guard let header = column(names), let value = row.cells[header]?.trimmedWhitespace, !value.isEmpty,
                let account = foreignLinks[other]?[value] ?? SalesforceID.canonical(value).flatMap({ foreignLinks[other]?[$0] })
            else { continue }
            return (account, "its \(header) \(value) is the \(other) record of \(account)")
        }
        return nil
    }

    /// The account a source record becomes when it is no existing one: its id is stable for the
    /// source and record id, so importing again never makes a second one.
    public static func newAccount(source: String, externalID: String, fields f: [String: String], defaultSegment: String, today: Day) -> Account {
        Account(
            id: "acc_" + String(StableHash.hex("\(source)\u{1F}account\u{1F}\(externalID)").prefix(12)), name: f["name"] ?? f["domain"] ?? externalID,
            domain: f["domain"], segment: f["segment"] ?? defaultSegment, industry: f["industry"], country: f["country"],
            acquisitionSource: AcquisitionSource(rawValue: f["acquisition_source"] ?? "") ?? .sales, cohort: nil,
            lifecycleStage: LifecycleStage(rawValue: f["lifecycle_stage"] ?? "") ?? .awareness, licensedSeats: Int(f["licensed_seats"] ?? "") ?? 0,
            ownerCS: f["owner_cs"], ownerSales: f["owner_sales"], createdOn: today)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
