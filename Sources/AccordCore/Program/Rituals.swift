/// The three standing rituals that keep the model alive after day 90: when each meets, who is
/// reminded, and which pack it works from.
public enum Ritual: String, Sendable, Hashable, Codable, CaseIterable {
    case weeklyTriage = "weekly_triage"
    case monthlyReview = "monthly_review"
    case quarterlyRefresh = "quarterly_refresh"

    public var title: String {
        switch self {
        case .weeklyTriage: "Weekly handoff triage"
        case .monthlyReview: "Monthly architecture review"
        case .quarterlyRefresh: "Quarterly outcome model refresh"
        }
    }

    /// The page the meeting works from.
    public var pack: String {
        switch self {
        case .weeklyTriage: "/reports/triage"
        case .monthlyReview: "/reviews/monthly"
        case .quarterlyRefresh: "/reviews/quarterly"
        }
    }
}

/// When the rituals meet (UTC), from `program.rituals` in the spec.
public struct RitualSchedule: Sendable, Hashable, Codable {
    public struct Slot: Sendable, Hashable, Codable {
        /// ISO weekday: 1 is Monday, 7 Sunday.
        public var weekday: Int
        /// Minutes after midnight, UTC.
        public var minute: Int

        public init(weekday: Int, minute: Int) {
            self.weekday = weekday
            self.minute = minute
        }
    }

    public var weeklyTriage = Slot(weekday: 1, minute: 9 * 60)
    /// On the first such weekday of each month.
    public var monthlyReview = Slot(weekday: 2, minute: 15 * 60)
    /// On the first such weekday of January, April, July and October.
    public var quarterlyRefresh = Slot(weekday: 4, minute: 15 * 60)
    /// How long before a meeting its people are reminded through the webhooks.
    public var remindHours = 24

    public init() {}

    public subscript(ritual: Ritual) -> Slot {
        get {
            switch ritual {
            case .weeklyTriage: weeklyTriage
            case .monthlyReview: monthlyReview
            case .quarterlyRefresh: quarterlyRefresh
            }
        }
        set {
            switch ritual {
            case .weeklyTriage: weeklyTriage = newValue
            case .monthlyReview: monthlyReview = newValue
            case .quarterlyRefresh: quarterlyRefresh = newValue
            }
        }
    }

    public static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// One meeting on the calendar.
    public struct Occurrence: Sendable, Hashable, Codable {
        public var ritual: Ritual
        public var at: Instant
    }

    /// Every meeting from `from` through `through`, in time order.
    public func occurrences(from: Day, through: Day) -> [Occurrence] {
        guard from <= through else { return [] }
        var found: [Occurrence] = []
        for number in from.number...through.number {
            let day = Day(number)
            let (_, month, date) = day.components
            for ritual in Ritual.allCases {
                let slot = self[ritual]
                guard day.isoWeekday == slot.weekday else { continue }
                let meets =
                    switch ritual {
                    case .weeklyTriage: true
                    case .monthlyReview: date <= 7
                    case .quarterlyRefresh: date <= 7 && (month - 1) % 3 == 0
                    }
                if meets { found.append(Occurrence(ritual: ritual, at: Instant(day: day, seconds: slot.minute * 60))) }
            }
        }
        return found.sorted { ($0.at, $0.ritual.rawValue) < ($1.at, $1.ritual.rawValue) }
    }

    /// The meetings whose reminder is due at `now`: within `remindHours` before they start.
    public func reminders(at now: Instant) -> [Occurrence] {
        let window = Int64(remindHours) * 3_600_000
        return occurrences(from: now.day, through: now.day.adding(days: remindHours / 24 + 1)).filter {
            $0.at.milliseconds > now.milliseconds && $0.at.milliseconds - window <= now.milliseconds
        }
    }
}

extension Day {
    /// ISO weekday: 1 is Monday, 7 Sunday (1970-01-01 was a Thursday).
    public var isoWeekday: Int { ((number + 3) % 7 + 7) % 7 + 1 }
}
