import Foundation
import Testing

/// The conformance suite runs on PostgreSQL only when the test script started a server. A run
/// without one says so on every run, and under CI it fails: CI must never pass on SQLite alone.
@Suite("PostgreSQL is part of the run")
struct PostgresPresenceTests {
    @Test("ACCORD_TEST_POSTGRES_URL names a server, or the run says loudly that PostgreSQL was skipped")
    func postgresIsThere() {
        guard PostgresTestServer.url == nil else { return }
        let warning = "PostgreSQL SKIPPED: ACCORD_TEST_POSTGRES_URL is not set, so the store conformance suite ran on SQLite only; scripts/test starts a server"
        FileHandle.standardError.write(Data("\n*** \(warning) ***\n\n".utf8))
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record(Comment(rawValue: warning))
        }
    }
}
