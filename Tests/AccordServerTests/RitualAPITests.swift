import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// The rituals over HTTP: the calendar, meetings recorded by the people who run them, and the
/// reminders the webhooks carry once per meeting.
@Suite("The rituals: calendar, meeting records and reminders")
struct RitualAPITests {
    @Test("a leader records a meeting held; a CS manager may not; a bad record names its problems and stores nothing; the page lists it")
    func meetings() async throws {
        let store = try await TestFolders.demoStore(accounts: 40, seed: 2)
        let grace = try await PlayAPITests.token(for: "grace.kim", store)
        let noah = try await PlayAPITests.token(for: "noah.adeyemi", store)
        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            let good =
                #"{"ritual": "monthly_review", "held_on": "2026-06-02", "attendees": ["grace.kim", "maria.chen", "tomas.silva"], "decisions": ["Sign proposal 1 once IT has read it"]}"#
            var (status, body, text) = try await SaveCaseAPITests.post(http, "/api/v1/meetings", grace, good)
            #expect(status == .created, "\(text)")
            #expect(body["id"] as? Int == 1 && body["attendees"] as? [String] == ["grace.kim", "maria.chen", "tomas.silva"])
            (status, _, _) = try await SaveCaseAPITests.post(http, "/api/v1/meetings", noah, good)
            #expect(status == .forbidden)
            (status, _, text) = try await SaveCaseAPITests.post(
                http, "/api/v1/meetings", grace, #"{"ritual": "standup", "held_on": "2026-07-09", "attendees": []}"#)
            #expect(
                status == .badRequest && text.contains("ritual 'standup' is not one of") && text.contains("is after today")
                    && text.contains("attendees is empty"))
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/meetings", grace, #"{"ritual": "monthly_review", "attendees": "grace.kim"}"#)
            #expect(status == .badRequest && text.contains("'attendees' must be an array of strings"))
            #expect(try await store.meetings().count == 1, "a refused record stores nothing")
            try await http.execute(uri: "/api/v1/rituals", method: .get, headers: viewer) { response in
                let calendar = try json(response.body)
                let rituals = try #require(calendar["rituals"] as? [[String: Any]])
                #expect(rituals.first { $0["ritual"] as? String == "monthly_review" }?["last_held"] as? String == "2026-06-02")
                #expect(
                    (calendar["upcoming"] as? [Any])?.count == 12 + 3 + 1, "12 triages, 3 monthly reviews and a quarterly refresh in 90 days from 2026-06-30")
            }
            try await http.execute(uri: "/api/v1/rituals?days=0", method: .get, headers: viewer) { #expect($0.status == .badRequest) }
            try await http.execute(uri: "/reviews", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"id="meeting-1" data-meeting-record="monthly_review""#) && page.contains("Grace Kim, Maria Chen, Tomas Silva"))
                #expect(!page.contains("Record the meeting"), "a viewer sees no form")
            }
        }
    }

    @Test("each meeting's reminder is queued once for every webhook of its people, however often the check runs")
    func reminders() async throws {
        let store = try TestFolders.store()
        let spec = SpecTemplate.defaultSpec
        let at = Instant(iso: "2026-11-30T16:00:00Z")!
        let hook = try WebhookDesk.make(url: "https://hooks.example.com/cs", format: "slack", person: nil, function: "cs", spec: spec, by: "test", at: at)
        try await store.saveWebhook(hook, audit: WebhookDesk.audit(hook, actor: "test", origin: "local", at: at))
        let desk = ProgramDesk(spec: spec, store: store)
        #expect(try await desk.remindRituals(now: at).map(\.ritual) == [.monthlyReview])
        #expect(try await desk.remindRituals(now: Instant(milliseconds: at.milliseconds + 60_000)).isEmpty, "sent once")
        let deliveries = try await store.deliveries(status: nil, limit: 10)
        #expect(deliveries.count == 1 && deliveries[0].kind == "ritual.reminder")
        #expect(deliveries[0].body.contains("Monthly architecture review 2026-12-01 15:00 UTC: the pack is at /reviews/monthly"))
    }
}

extension RitualAPITests {
    @Test("a meeting that started earlier today is no longer upcoming")
    func startedToday() async throws {
        let desk = ProgramDesk(spec: SpecTemplate.defaultSpec, store: try TestFolders.store())
        let monday = Day(year: 2026, month: 12, day: 7)
        let before = try await desk.ritualCalendar(from: monday, days: 7, now: Instant(day: monday, seconds: 8 * 3600))
        let after = try await desk.ritualCalendar(from: monday, days: 7, now: Instant(day: monday, seconds: 10 * 3600))
        #expect(before.upcoming.first?.at == Instant(day: monday, seconds: 9 * 3600))
        #expect(after.upcoming.allSatisfy { $0.at > Instant(day: monday, seconds: 10 * 3600) } && after.upcoming.count == before.upcoming.count - 1)
        #expect(after.rituals.first { $0.ritual == .weeklyTriage }?.next == nil, "the next triage is after the week asked for")
    }
}
