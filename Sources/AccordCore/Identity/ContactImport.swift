/// A contact already on the client record, as matching sees it.
public struct ExistingContact: Sendable, Hashable {
    public var id: String
    public var accountID: String
    public var email: String?

    public init(id: String, accountID: String, email: String?) {
        self.id = id
        self.accountID = accountID
        self.email = email
    }
}

/// What a contacts import will do, worked out before anything is written.
public struct ContactImportPlan: Sendable {
    public struct Link: Sendable, Hashable {
        public var externalID: String
        public var contactID: String
        public var accountID: String
        public var rule: String
    }

    public var created: [Contact] = []
    /// Contact id → column → value (fills only what is empty).
    public var updates: [String: [String: String]] = [:]
    public var links: [Link] = []
    public var rejected: [(line: Int, reason: String)] = []
}

/// Contacts from an export: a contact with the same email is the same person; a new one belongs
/// to the account whose website is their work email's domain, or whose name is their company's.
/// Free-mail addresses never decide the account.
public enum ContactImport {
    static let contactColumns = [
        "contact.email": "email", "contact.name": "name", "contact.title": "title",
        // The stakeholder map, as a CS platform keeps it.
        "contact.stakeholder_role": "stakeholder_role", "contact.influence": "influence", "contact.last_engaged_on": "last_engaged_on",
    ]
    /// How the reason of a contact whose account is not in the client record starts.
    public static let noAccountReason = "no account for "

    public static func plan(
        rows: [ImportRow], header: [String], source: SourceDefinition, accounts: [ExistingAccount], contacts: [ExistingContact],
        links: [String: (contact: String, account: String)], freeMail: Set<String>
    ) throws -> ContactImportPlan {
        let column = ExportHeader(header).column
        let keyColumn = try ExportHeader(header).key("contact", names: source.contactKey.map { [$0] + source.contactKeyAliases }, source: source.id)
        let mapped = source.mappings.filter { $0.direction != .outbound && contactColumns[$0.to] != nil }.compactMap { mapping -> (String, String)? in
            column(mapping.names).map { (contactColumns[mapping.to]!, $0) }
        }
        guard mapped.contains(where: { $0.0 == "email" }) else {
            throw ImportError(description: "no column maps to contact.email for '\(source.id)'; contacts are matched by email")
        }
        // The company's labels first: a contacts export's plain "name" column may be the person's.
        let companyColumn =
            column(["Company Name", "Company", "Associated Company"])
            ?? source.mappings.first { $0.to == "account.name" }.flatMap { column($0.names) }

        var accountByDomain: [String: String] = [:]
        var accountByName: [String: [String]] = [:]
        for account in accounts {
            if let domain = account.domain.flatMap(Normalize.registrableDomain), accountByDomain[domain] == nil { accountByDomain[domain] = account.id }
            accountByName[Normalize.companyName(account.name), default: []].append(account.id)
        }
        var contactByEmail: [String: ExistingContact] = [:]
        for contact in contacts { if let email = contact.email?.lowercased() { contactByEmail[email] = contactByEmail[email] ?? contact } }

        var plan = ContactImportPlan()
        var seen: Set<String> = []
        for row in rows {
            let id = source.canonicalID((row.cells[keyColumn] ?? "").trimmedWhitespace)
            guard !id.isEmpty else {
                plan.rejected.append((row.line, "no \(keyColumn)"))
                continue
            }
            guard seen.insert(id).inserted else {
                plan.rejected.append((row.line, "\(keyColumn) \(id) appears twice in the file"))
                continue
            }
            var fields: [String: String] = [:]
            do {
                for (field, header) in mapped {
                    let value = (row.cells[header] ?? "").trimmedWhitespace
                    if !value.isEmpty { fields[field] = try Self.cleaned(field, value) }
                }
            } catch {
                plan.rejected.append((row.line, "\(error)"))
                continue
            }
            if fields["name"] == nil {
                let first = column(["First Name", "firstname"]).flatMap { row.cells[$0] }?.trimmedWhitespace ?? ""
                let last = column(["Last Name", "lastname"]).flatMap { row.cells[$0] }?.trimmedWhitespace ?? ""
                let full = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
                if !full.isEmpty { fields["name"] = full }
            }
            guard let email = fields["email"], email.contains("@"), Normalize.registrableDomain(email) != nil else {
                plan.rejected.append((row.line, "no valid email to identify the contact by"))
                continue
            }
            if let known = links[id] {
                plan.updates[known.contact, default: [:]].merge(fields) { old, _ in old }
                continue
            }
            if let existing = contactByEmail[email] {
                plan.links.append(.init(externalID: id, contactID: existing.id, accountID: existing.accountID, rule: "same email \(email)"))
                plan.updates[existing.id, default: [:]].merge(fields) { old, _ in old }
                continue
            }
            var account: (id: String, rule: String)?
            if let domain = Normalize.employerDomain(ofEmail: email, freeMail: freeMail), let owner = accountByDomain[domain] {
                account = (owner, "work email domain \(domain) is the account's website")
            } else if let company = companyColumn.flatMap({ row.cells[$0] }).map(Normalize.companyName), !company.isEmpty,
                let owners = accountByName[company], owners.count == 1
            {
                account = (owners[0], "company name '\(company)' is the account's")
            }
            guard let account else {
                plan.rejected.append(
                    (row.line, "\(noAccountReason)\(email): its domain is no account's website (or a free-mail one) and no company name matches one account"))
                continue
            }
            let contactID = "con_" + String(StableHash.hex("\(source.id)\u{1F}contact\u{1F}\(id)").prefix(12))
            let contact = Contact(
                id: contactID, accountID: account.id, name: fields["name"] ?? email, email: email, title: fields["title"],
                stakeholderRole: fields["stakeholder_role"].flatMap(StakeholderRole.init(rawValue:)) ?? .user,
                influence: fields["influence"].flatMap { Int($0) } ?? 1, lastEngagedOn: fields["last_engaged_on"].flatMap { Day(iso: $0) })
            plan.created.append(contact)
            contactByEmail[email] = ExistingContact(id: contactID, accountID: account.id, email: email)
            plan.links.append(.init(externalID: id, contactID: contactID, accountID: account.id, rule: account.rule))
        }
        return plan
    }

    /// A mapped value as the contacts table keeps it.
    static func cleaned(_ field: String, _ value: String) throws(FeedError) -> String {
        switch field {
        case "email": value.lowercased()
        case "stakeholder_role": try StakeholderFields.role(value).rawValue
        case "influence": String(try StakeholderFields.influence(value))
        case "last_engaged_on": try StakeholderFields.engagedOn(value).iso
        default: value
        }
    }
}
