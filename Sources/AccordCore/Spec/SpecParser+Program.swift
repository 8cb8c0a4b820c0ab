extension SpecParser {
    /// `program: {start: 2026-08-01, variant: full|compact, handoffs: [...], linked_share: 0.95, on_plan_share: 0.95}`.
    static func parseProgram(_ map: MapReader, handoffs: [HandoffDefinition]) -> ProgramConfig {
        map.allowOnly(["start", "variant", "handoffs", "linked_share", "on_plan_share"])
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
        return config
    }
}
