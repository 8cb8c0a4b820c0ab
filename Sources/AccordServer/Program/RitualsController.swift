import AccordApp
import AccordCore
import Hummingbird

/// The rituals after day 90: their calendar, and each meeting held recorded (API and page).
struct RitualsController {
    let desk: ProgramDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/rituals", .allowed(.readClientData), use: calendar)
        routes.get("/api/v1/meetings", .allowed(.readClientData), use: meetings)
        routes.post("/api/v1/meetings", .allowed(.recordMeeting), use: record)
        routes.get("/reviews", .allowed(.readClientData), page: true, use: page)
        routes.post("/reviews/meetings", .allowed(.recordMeeting), page: true, use: recordFromPage)
    }

    var moment: Instant { WinBackCampaignsController.moment(now: now, today: today) }

    @Sendable func calendar(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let days = try request.uri.queryParameters.text("days").map { text -> Int in
            guard let days = Int(text), (1...366).contains(days) else { throw APIError.badParameter("days", "'\(text)' is not a number of days from 1 to 366") }
            return days
        }
        return try JSON.response(try await desk.ritualCalendar(from: today(), days: days ?? 90, now: moment))
    }

    @Sendable func meetings(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var meetings: [Meeting] }
        return try JSON.response(Body(meetings: try await desk.store.meetings()))
    }

    @Sendable func record(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["ritual", "held_on", "attendees", "decisions", "notes"])
        func texts(_ key: String) throws -> [String] {
            guard let value = body[key] else { return [] }
            guard case .array(let items) = value, let strings = Optional(items.compactMap(\.stringValue)), strings.count == items.count else {
                throw APIError.badBody("'\(key)' must be an array of strings")
            }
            return strings
        }
        let meeting = try await recorded(
            ritual: body["ritual"]?.stringValue ?? "", heldOn: body["held_on"]?.stringValue ?? "", attendees: try texts("attendees"),
            decisions: try texts("decisions"), notes: body["notes"]?.stringValue, context: context)
        return try JSON.response(meeting, status: .created)
    }

    @Sendable func recordFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fields = FormFields(try await request.body.collect(upTo: 256 * 1024))
        do {
            let meeting = try await recorded(
                ritual: fields.value("ritual") ?? "", heldOn: fields.value("held_on") ?? "", attendees: fields.values("attendee"),
                decisions: (fields.value("decisions") ?? "").split(separator: "\n").map(String.init), notes: fields.value("notes"), context: context)
            return Response(status: .seeOther, headers: [.location: "/reviews#meeting-\(meeting.id)"])
        } catch let error as APIError where error.status == .badRequest {
            return try await render(context, problem: error.message, typed: fields, status: .badRequest)
        }
    }

    func recorded(
        ritual: String, heldOn: String, attendees: [String], decisions: [String], notes: String?, context: AccordRequestContext
    ) async throws
        -> Meeting
    {
        let principal = try context.requireIdentity()
        do {
            return try await desk.recordMeeting(
                ritual: ritual, heldOn: heldOn, attendees: attendees, decisions: decisions, notes: notes, principal: principal, origin: context.origin,
                today: today(), at: moment)
        } catch let failure as MeetingFailure {
            throw APIError.badBody(failure.description)
        }
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await render(context, problem: nil, typed: nil, status: .ok)
    }

    func render(_ context: AccordRequestContext, problem: String?, typed: FormFields?, status: HTTPResponse.Status) async throws -> Response {
        let calendar = try await desk.ritualCalendar(from: today(), now: moment)
        let names = ProgramStatus.Names(spec: desk.spec)
        let canRecord = context.identity.map { AccessPolicy(spec: desk.spec).allows($0, .recordMeeting) } ?? false
        let chosen = Set(typed?.values("attendee") ?? [])
        let view: [String: Any] = [
            "from": calendar.from.iso, "through": calendar.through.iso, "remindHours": Format.count(calendar.remindHours),
            "rituals": calendar.rituals.map { standing -> [String: Any] in
                [
                    "id": standing.ritual.rawValue, "title": standing.title, "next": standing.next.map(Format.clock) ?? "—",
                    "last": standing.lastHeld?.iso ?? "never recorded", "held": Format.count(standing.held), "pack": standing.ritual.pack,
                ]
            },
            "upcoming": calendar.upcoming.prefix(40).map { ["ritual": $0.ritual.rawValue, "title": $0.title, "at": Format.clock($0.at), "pack": $0.pack] },
            "meetings": calendar.meetings.map { meeting -> [String: Any] in
                [
                    "id": meeting.id, "title": meeting.ritual.title, "ritual": meeting.ritual.rawValue, "heldOn": meeting.heldOn.iso,
                    "attendees": meeting.attendees.map(names.person).joined(separator: ", "), "decisions": meeting.decisions,
                    "hasDecisions": !meeting.decisions.isEmpty, "notes": meeting.notes ?? false,
                ]
            },
            "hasMeetings": !calendar.meetings.isEmpty, "canRecord": canRecord, "csrf": context.session?.csrfToken ?? false,
            "ritualOptions": Ritual.allCases.map { ["id": $0.rawValue, "title": $0.title, "selected": typed?.value("ritual") == $0.rawValue] },
            "people": desk.spec.people.filter { $0.role != .admin && $0.role != .viewer }.map { person -> [String: Any] in
                ["id": person.id, "name": person.name, "function": names.function(person.function), "checked": chosen.contains(person.id)]
            },
            "heldOn": typed?.value("held_on") ?? today().iso, "decisions": typed?.value("decisions") ?? "", "notes": typed?.value("notes") ?? "",
            "problem": problem ?? false,
        ]
        return renderer.render("rituals", view, context: context, status: status)
    }
}
