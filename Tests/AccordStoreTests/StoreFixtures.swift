import AccordCore
import AccordStore
import Foundation
import Testing

/// The stores the conformance suite runs against: SQLite always, PostgreSQL when the test script
/// has started a server and named it in ACCORD_TEST_POSTGRES_URL.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var allCases: [StoreKind] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    func make() async throws -> any Store {
        switch self {
        case .sqlite: try SQLiteStore(path: TemporaryFolder.make().appendingPathComponent("accord.db").path)
        case .postgres: try await PostgresStore(url: PostgresTestServer.freshDatabase(), maximumConnections: 4)
        }
    }
}

/// Every test's files live under one folder of this run, removed when the test process ends.
enum TemporaryFolder {
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-store-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: root)
        atexit { try? FileManager.default.removeItem(at: TemporaryFolder.root) }
        return root
    }()

    static func make() -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A world small enough to compute every number by hand.
enum TinyCompany {
    static let asOf = Day(iso: "2026-06-30")!

    static func dataset() -> Dataset {
        var data = Dataset()
        func account(_ id: String, _ name: String, stage: LifecycleStage, segment: String = "mid_market", source: AcquisitionSource = .sales) -> Account {
            Account(
                id: id, name: name, domain: "\(id).example", segment: segment, acquisitionSource: source,
                cohort: stage == .awareness ? nil : "2025-Q1", lifecycleStage: stage, licensedSeats: 100, createdOn: Day(iso: "2025-01-01")!)
        }
        data.accounts = [
            account("acc_a", "Alpha Health Inc", stage: .retention, source: .marketing),
            account("acc_b", "Bravo Logistics <Ltd>", stage: .churned),
            account("acc_c", "Charlie Foods", stage: .awareness, segment: "smb"),
            account("acc_d", "Delta Retail", stage: .advocacy, segment: "enterprise", source: .marketing),
        ]
        data.subscriptions = [
            Subscription(accountID: "acc_a", mrrCents: 150_000, startedOn: Day(iso: "2025-02-01")!, renewalOn: Day(iso: "2027-02-01")!, status: .active),
            Subscription(accountID: "acc_b", mrrCents: 0, startedOn: Day(iso: "2025-02-01")!, renewalOn: Day(iso: "2026-02-01")!, status: .churned),
            Subscription(accountID: "acc_d", mrrCents: 250_050, startedOn: Day(iso: "2025-03-01")!, renewalOn: Day(iso: "2026-09-01")!, status: .active),
        ]
        data.movements = [
            MRRMovement(accountID: "acc_a", occurredOn: Day(iso: "2025-02-01")!, kind: .new, amountCents: 100_000, mrrAfterCents: 100_000),
            MRRMovement(accountID: "acc_a", occurredOn: Day(iso: "2026-02-01")!, kind: .expansion, amountCents: 50_000, mrrAfterCents: 150_000),
            MRRMovement(accountID: "acc_b", occurredOn: Day(iso: "2025-02-01")!, kind: .new, amountCents: 80_000, mrrAfterCents: 80_000),
            MRRMovement(accountID: "acc_b", occurredOn: Day(iso: "2026-02-01")!, kind: .churn, amountCents: 80_000, mrrAfterCents: 0),
            MRRMovement(accountID: "acc_d", occurredOn: Day(iso: "2025-03-01")!, kind: .new, amountCents: 250_050, mrrAfterCents: 250_050),
        ]
        data.contacts = [
            Contact(
                id: "con_1", accountID: "acc_a", name: "Ada Andersen", email: "ada@acc_a.example", title: "COO", stakeholderRole: .executiveSponsor,
                influence: 5, lastEngagedOn: Day(iso: "2026-06-01")),
            Contact(id: "con_2", accountID: "acc_a", name: "Ben Baptiste", email: nil, title: nil, stakeholderRole: .user, influence: 1, lastEngagedOn: nil),
        ]
        data.events = [
            Event(
                messageID: "m1", name: "contract_signed", accountID: "acc_a", source: "salesforce", timestamp: Instant(iso: "2025-02-01T10:00:00Z")!,
                receivedAt: Instant(iso: "2025-02-01T10:05:00Z")!, properties: ["mrr": 1000, "licensed_seats": 100]),
            Event(
                messageID: "m2", name: "first_value_achieved", accountID: "acc_a", source: "gainsight", timestamp: Instant(iso: "2025-03-10T09:00:00Z")!,
                receivedAt: Instant(iso: "2025-03-10T09:00:01Z")!, properties: ["milestone": "first payroll run"]),
        ]
        data.usage = [
            UsageWeek(accountID: "acc_a", weekStart: Day(iso: "2026-06-22")!, activeSeats: 72, licensedSeats: 100)
        ]
        // NPS in the last 12 months: 10, 9 (promoters), 7 (passive), 3 (detractor) → +25; one older answer is ignored.
        // CSAT: 5, 4, 3 → 2 of 3 satisfied.
        data.surveys = [
            SurveyResponse(id: "s1", accountID: "acc_a", contactID: "con_1", kind: .nps, score: 10, respondedOn: Day(iso: "2026-05-01")!),
            SurveyResponse(id: "s2", accountID: "acc_d", contactID: nil, kind: .nps, score: 9, respondedOn: Day(iso: "2026-01-01")!),
            SurveyResponse(id: "s3", accountID: "acc_d", contactID: nil, kind: .nps, score: 7, respondedOn: Day(iso: "2025-12-01")!),
            SurveyResponse(id: "s4", accountID: "acc_b", contactID: nil, kind: .nps, score: 3, respondedOn: Day(iso: "2025-07-01")!),
            SurveyResponse(id: "s5", accountID: "acc_b", contactID: nil, kind: .nps, score: 0, respondedOn: Day(iso: "2025-06-30")!),
            SurveyResponse(id: "s6", accountID: "acc_a", contactID: nil, kind: .csat, score: 5, respondedOn: Day(iso: "2026-06-01")!),
            SurveyResponse(id: "s7", accountID: "acc_a", contactID: nil, kind: .csat, score: 4, respondedOn: Day(iso: "2026-06-02")!),
            SurveyResponse(id: "s8", accountID: "acc_d", contactID: nil, kind: .csat, score: 3, respondedOn: Day(iso: "2026-06-03")!),
        ]
        return data
    }
}
