/// A cron-like time for a sync, in UTC: the five fields of cron (minute, hour, day of month,
/// month, day of week), each `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a list of
/// those. As in cron, when both the day of month and the day of week are given, either matches.
public struct CronSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let anyDay: Bool
    let anyWeekday: Bool

    public var description: String { text }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(Problem) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw Problem(
                description: "'\(text)' has \(fields.count) fields; a cron time has five: minute hour day-of-month month day-of-week, such as '30 2 * * 1-5'")
        }
        self.text = fields.joined(separator: " ")
        minutes = try Self.field(fields[0], "minute", 0...59)
        hours = try Self.field(fields[1], "hour", 0...23)
        days = try Self.field(fields[2], "day of month", 1...31)
        months = try Self.field(fields[3], "month", 1...12)
        // 7 is Sunday too, as cron reads it.
        weekdays = Set(try Self.field(fields[4], "day of week", 0...7).map { $0 % 7 })
        anyDay = fields[2] == "*"
        anyWeekday = fields[4] == "*"
    }

    static func field(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(Problem) -> Set<Int> {
        var values: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw Problem(description: "'\(part)' in the \(name) field has more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else {
                    throw Problem(description: "the step '\(pieces[1])' in the \(name) field must be a whole number above 0")
                }
                step = value
            }
            let span: ClosedRange<Int>
            if pieces[0] == "*" {
                span = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                guard let low = Int(pieces[0][..<dash]), let high = Int(pieces[0][pieces[0].index(after: dash)...]), low <= high else {
                    throw Problem(description: "'\(pieces[0])' in the \(name) field is not a range low-high")
                }
                span = low...high
            } else {
                guard let value = Int(pieces[0]) else { throw Problem(description: "'\(part)' in the \(name) field is not a number, a range or *") }
                span = value...(pieces.count == 2 ? range.upperBound : value)
            }
            guard range.contains(span.lowerBound), range.contains(span.upperBound) else {
                throw Problem(description: "'\(part)' in the \(name) field is outside \(range.lowerBound)-\(range.upperBound)")
            }
            values.formUnion(stride(from: span.lowerBound, through: span.upperBound, by: step))
        }
        return values
    }

    func matches(_ day: Day) -> Bool {
        let (_, month, dayOfMonth) = day.components
        guard months.contains(month) else { return false }
        let weekday = ((day.number + 4) % 7 + 7) % 7
        switch (anyDay, anyWeekday) {
        case (true, true): return true
        case (false, true): return days.contains(dayOfMonth)
        case (true, false): return weekdays.contains(weekday)
        case (false, false): return days.contains(dayOfMonth) || weekdays.contains(weekday)
        }
    }

    /// The last time at or before `instant` the schedule fires, within the year before it.
    public func previous(atOrBefore instant: Instant) -> Instant? {
        let minute = Int(instant.milliseconds.floorDivided(by: 60_000))
        let today = minute.floorDivided(by: 1440)
        for day in stride(from: today, through: today - 400, by: -1) where matches(Day(day)) {
            let last = day == today ? minute - today * 1440 : 1439
            for hour in stride(from: last / 60, through: 0, by: -1) where hours.contains(hour) {
                let top = hour == last / 60 ? last % 60 : 59
                if let found = minutes.filter({ $0 <= top }).max() { return Self.instant(day, hour, found) }
            }
        }
        return nil
    }

    /// The first time after `instant` the schedule fires, within the year after it.
    public func next(after instant: Instant) -> Instant? {
        let minute = Int(instant.milliseconds.floorDivided(by: 60_000)) + 1
        let today = minute.floorDivided(by: 1440)
        for day in today...(today + 400) where matches(Day(day)) {
            let first = day == today ? minute - today * 1440 : 0
            for hour in (first / 60)...23 where hours.contains(hour) {
                let bottom = hour == first / 60 ? first % 60 : 0
                if let found = minutes.filter({ $0 >= bottom }).min() { return Self.instant(day, hour, found) }
            }
        }
        return nil
    }

    /// The longest wait between two firings over the coming weeks, in seconds: what "twice its
    /// frequency" means for staleness, and the cap of the retry backoff.
    public func longestGapSeconds(from instant: Instant) -> Int {
        var longest = 0
        var at = instant
        var count = 0
        let horizon = instant.milliseconds + 35 * 86_400_000
        while count < 3000, let fire = next(after: at), fire.milliseconds <= horizon {
            if count > 0 { longest = max(longest, Int((fire.milliseconds - at.milliseconds) / 1000)) }
            at = fire
            count += 1
        }
        return count < 2 ? 366 * 86_400 : longest
    }

    static func instant(_ day: Int, _ hour: Int, _ minute: Int) -> Instant {
        Instant(milliseconds: (Int64(day) * 1440 + Int64(hour) * 60 + Int64(minute)) * 60_000)
    }
}

extension BinaryInteger {
    fileprivate func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
