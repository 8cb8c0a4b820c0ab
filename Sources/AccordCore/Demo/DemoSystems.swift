/// What the demo company's systems hold of each client, as their syncs would have left it: its
/// records in the CRM, the marketing automation platform, the CS platform, billing and support (source identities,
/// so the identity and data-quality pages show each client across systems), and its support
/// tickets, more and more urgent for clients whose last NPS was low. Drawn from each account's own
/// seed, so the rest of the demo stays as it was.
public enum DemoSystems {
    /// One source record of a client, as a sync links it.
    public struct Link: Sendable, Hashable {
        public var source: String
        public var kind: String
        public var externalID: String
        public var accountID: String
        public var rule: String
    }

    public static func add(to data: inout Dataset, asOf: Day) {
        var lastNPS: [String: (Day, Int)] = [:]
        for response in data.surveys where response.kind == .nps {
            if let known = lastNPS[response.accountID], known.0 >= response.respondedOn { continue }
            lastNPS[response.accountID] = (response.respondedOn, response.score)
        }
        let paying = Set(data.subscriptions.map(\.accountID))
        let subjects = [
            "SSO login loops after password reset", "Export to CSV times out", "How do we add seats?", "Invoice shows the wrong address",
            "Usage report is empty for last week", "API rate limit errors", "Request: bulk user import", "Dashboard loads slowly",
        ]
        let end = Instant(milliseconds: Int64(asOf.number) * 86_400_000)
        for (index, account) in data.accounts.enumerated() {
            var rng = SeededRandom(seed: UInt64(StableHash.hex(account.id).prefix(16), radix: 16) ?? 1)
            let digits = String(index)
            let crm = SalesforceID.canonical("0015g" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits) ?? "0015g\(index)"
            data.links.append(Link(source: "salesforce", kind: "account", externalID: crm, accountID: account.id, rule: "created from this record"))
            data.links.append(
                Link(source: "hubspot", kind: "account", externalID: String(9_100_000_000 + index), accountID: account.id, rule: "salesforce_account_id \(crm)")
            )
            guard paying.contains(account.id) else { continue }
            data.links.append(
                Link(source: "stripe", kind: "account", externalID: "cus_" + rng.token(14), accountID: account.id, rule: "domain \(account.domain ?? "")"))
            data.links.append(
                Link(source: "gainsight", kind: "account", externalID: "1P02" + rng.token(14).uppercased(), accountID: account.id, rule: "SfdcAccountId \(crm)")
            )
            let zendesk = String(360_000_000 + index)
            data.links.append(Link(source: "zendesk", kind: "account", externalID: zendesk, accountID: account.id, rule: "domain \(account.domain ?? "")"))
            let nps = lastNPS[account.id]?.1 ?? 7
            let count = nps <= 6 ? rng.int(2...6) : rng.int(0...2)
            for n in 0..<count {
                // Within the last 120 days, and not before the client's record began.
                let back = rng.int(1...max(1, min(120, asOf.number - account.createdOn.number)))
                let opened = Instant(milliseconds: end.milliseconds - Int64(back) * 86_400_000 - Int64(rng.int(0...86_399)) * 1000)
                let solved = rng.chance(nps <= 6 ? 0.45 : 0.75)
                var ticket = SupportTicket(
                    source: "zendesk", key: "\(zendesk)\(n)", accountID: account.id, subject: rng.pick(subjects),
                    status: solved ? "solved" : rng.pick(["open", "pending"]),
                    priority: rng.pick(nps <= 6 ? ["urgent", "high", "normal"] : ["normal", "low", "high"]), openedAt: opened)
                if solved {
                    ticket.solvedAt = Instant(milliseconds: min(end.milliseconds, opened.milliseconds + Int64(rng.int(1...9)) * 86_400_000))
                }
                ticket.updatedAt = ticket.solvedAt ?? opened
                data.tickets.append(ticket)
            }
        }
    }
}
