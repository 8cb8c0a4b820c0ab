/// When a source's tap runs next.
public enum SyncSchedule {
    /// Seconds between runs: the frequency, or after consecutive failures (newest first in
    /// `runs`) 60, 120, 240, … up to it, so a passing outage costs little and a lasting one is
    /// not hammered.
    public static func wait(after runs: [SyncRun], frequency: Int) -> Int {
        let failures = runs.prefix { $0.status == .failed }.count
        guard failures > 0 else { return frequency }
        return min(frequency, 60 << min(failures - 1, 16))
    }

    /// The milliseconds a scheduler's claim of the source's run must be older than for this
    /// replica to run it now, or nil when it is not due. A named frequency (or a retry after a
    /// failure) runs after 90% of its wait (a sleep is never exact); a cron time once per firing,
    /// while nobody started since the last one.
    public static func claimWindow(_ source: SourceDefinition, after runs: [SyncRun], at now: Instant) -> Int64? {
        let interval = source.intervalSeconds(at: now)
        let wait = wait(after: runs, frequency: interval)
        guard let cron = source.cron, wait >= interval else { return Int64(wait) * 900 }
        guard let fired = cron.previous(atOrBefore: now) else { return nil }
        return now.milliseconds - fired.milliseconds + 1
    }
}
