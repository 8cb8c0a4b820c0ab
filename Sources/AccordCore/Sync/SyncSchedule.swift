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
}
