extension SpecParser {
    /// `program: {start: 2026-08-01, variant: full|compact, handoffs: [...], linked_share: 0.95, on_plan_share: 0.95}`.
    static func parseProgram(_ map: MapReader, handoffs: [HandoffDefinition]) -> ProgramConfig {
        map.allowOnly(["start", "variant", "handoffs", "linked_share", "on_plan_share", "rituals"])
        var config = ProgramConfig()
        if let text = map.string("start") {
            if let day = Day(iso: text) {
                config.start = day
            } else {
                map.log.error(map.locationOf("start"), "program.start must be a date such as 2026-08-01, got '\(text)'")
            }
        }
        config.variant = map.choice("variant", ProgramConfig.Variant.self) ?? .full
        if let named = map.strings("handoffs") {
            for id in named where !handoffs.contains(where: { $0.id == id }) {
                map.log.error(
                    map.locationOf("handoffs"),
                    "program.handoffs names '\(id)', which is not a handoff; handoffs are \(handoffs.map(\.id).joined(separator: ", "))")
            }
            config.handoffs = named
        }
        for (key, path) in [("linked_share", \ProgramConfig.linkedShare), ("on_plan_share", \ProgramConfig.onPlanShare)] {
            guard let share = map.double(key) else { continue }
            if share > 0 && share <= 1 {
                config[keyPath: path] = share
            } else {
                map.log.error(map.locationOf(key), "program.\(key) must be a share above 0 and at most 1, such as 0.95")
            }
        }
        if let rituals = map.map("rituals") { config.rituals = parseRituals(rituals) }
        return config
    }

    /// `rituals: {weekly_triage: {day: monday, time: "09:00"}, monthly_review: {...}, quarterly_refresh: {...}, remind_hours: 24}` (UTC).
    static func parseRituals(_ map: MapReader) -> RitualSchedule {
        map.allowOnly(Ritual.allCases.map(\.rawValue) + ["remind_hours"])
        var schedule = RitualSchedule()
        for ritual in Ritual.allCases {
            guard let slot = map.map(ritual.rawValue) else { continue }
            slot.allowOnly(["day", "time"])
            if let day = slot.string("day") {
                if let index = RitualSchedule.weekdays.firstIndex(of: day.lowercased()) {
                    schedule[ritual].weekday = index + 1
                } else {
                    slot.log.error(
                        slot.locationOf("day"),
                        "program.rituals.\(ritual.rawValue).day must be a weekday (\(RitualSchedule.weekdays.joined(separator: ", "))), got '\(day)'")
                }
            }
            if let time = slot.string("time") {
                let parts = time.split(separator: ":")
                if parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
                    schedule[ritual].minute = hour * 60 + minute
                } else {
                    slot.log.error(
                        slot.locationOf("time"), "program.rituals.\(ritual.rawValue).time must be a time of day such as \"15:00\" (UTC), got '\(time)'")
                }
            }
        }
        if let hours = map.int("remind_hours") {
            if (1...168).contains(hours) {
                schedule.remindHours = hours
            } else {
                map.log.error(map.locationOf("remind_hours"), "program.rituals.remind_hours must be from 1 to 168 hours, got \(hours)")
            }
        }
        return schedule
    }
}
