import AccordCore
import Testing

@Suite("Alignment spec: a source's sync")
struct SyncSpecTests {
    /// The full template with the salesforce source's `sync:` replaced by `sync`, indented under it.
    static func spec(_ sync: String) -> String {
        SpecTemplate.full.text.replacingOccurrences(
            of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n", with: "    identity_keys: {account: Id, contact: Id}\n" + sync
        )
    }

    @Test("a tap with its config, catalog, streams, timeout and owner is read")
    func read() throws {
        let text = Self.spec(
            """
                sync:
                  frequency: 15m
                  tap: [.taps/tap-salesforce/bin/tap-salesforce, --verbose]
                  config: {client_id: "${SF_CLIENT_ID}", start_date: "2024-01-01", port: 443}
                  catalog: salesforce.catalog.json
                  catalog_flag: properties
                  streams:
                    - {stream: Account, feeds: accounts}
                    - {stream: Contact, feeds: contacts}
                    - {stream: Opportunity, feeds: raw, key: [Id]}
                  timeout: 900
                  owner: priya.raman
                  quota_exit_codes: [2]

            """)
        let result = SpecParser.read(text)
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics)")
        let source = try #require(result.spec?.sources.first { $0.id == "salesforce" })
        #expect(source.frequency == .every15Minutes)
        let sync = try #require(source.sync)
        #expect(sync.tap == [".taps/tap-salesforce/bin/tap-salesforce", "--verbose"])
        #expect(sync.config == ["client_id": "${SF_CLIENT_ID}", "start_date": "2024-01-01", "port": 443])
        #expect(sync.catalogFile == "salesforce.catalog.json" && sync.catalogFlag == .properties)
        #expect(sync.streams.map(\.feeds) == [.accounts, .contacts, .raw] && sync.streams[2].key == ["Id"])
        #expect(sync.timeoutSeconds == 900 && sync.owner == "priya.raman" && sync.quotaExitCodes == [2])
    }

    @Test(
        "each mistake in a sync is named with its line and how to fix it",
        arguments: [
            ("    sync: {frequency: hourly, config: {a: 1}, streams: []}\n", "is for a tap Accord runs; add sources[0].sync.tap"),
            ("    sync: {tap: [], streams: [{stream: A, feeds: raw}]}\n", "tap names no program; give the tap's command"),
            ("    sync: {tap: [t], streams: [{stream: A, feeds: ticket}]}\n", "'ticket' is not one of"),
            ("    sync: {tap: [t], streams: [{stream: A, feeds: raw, account: [org]}]}\n", "account is not for a stream that feeds raw"),
            ("    sync: {tap: [t], owner: nobody, streams: [{stream: A, feeds: raw}]}\n", "owned by 'nobody', who is not in people"),
            (
                "    sync: {tap: [t], config: {key: \"${1BAD}\"}, streams: [{stream: A, feeds: raw}]}\n",
                "'${1BAD}' in the config of 'salesforce' is not an environment variable"
            ),
            ("    sync: {tap: [t], catalog_flag: catalog, streams: [{stream: A, feeds: raw}]}\n", "names no catalog file"),
            ("    sync: {tap: [t], config: {a: 1}, config_file: c.json, streams: [{stream: A, feeds: raw}]}\n", "both inline and as a file"),
            ("    sync: {tap: [t], streams: [{stream: A, feeds: raw}, {stream: A, feeds: raw}]}\n", "duplicate stream 'A'"),
            ("    sync: {tap: [t], timeout: 0, streams: [{stream: A, feeds: raw}]}\n", "timeout is seconds, more than 0"),
        ])
    func mistakes(_ sync: String, _ expected: String) throws {
        let text = Self.spec(sync)
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("    sync: {") && $0.contains("t") && $0 != "    sync: {frequency: hourly}"
            }! + 1
        let errors = SpecParser.read(text).diagnostics.errors
        let error = try #require(errors.first { $0.message.contains(expected) }, "\(errors)")
        #expect(error.location.line == line)
    }

    @Test("streams without a tap: another runner (Meltano) runs the tap into accord load, and Accord runs nothing")
    func streamsAlone() throws {
        let result = SpecParser.read(Self.spec("    sync: {frequency: hourly, streams: [{stream: Account, feeds: accounts}]}\n"))
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics)")
        let sync = try #require(result.spec?.sources.first { $0.id == "salesforce" }?.sync)
        #expect(sync.tap.isEmpty && sync.streams.map(\.stream) == ["Account"])
    }

    @Test("a stream that feeds contacts needs the source's contact key")
    func feedNeedsKey() throws {
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "    sync: {frequency: realtime}\n    errors: {policy: quarantine, notify: [tomas.silva]}\n  - id: gainsight",
            with:
                "    sync: {tap: [t], streams: [{stream: users, feeds: contacts}]}\n    errors: {policy: quarantine, notify: [tomas.silva]}\n  - id: gainsight")
        let errors = SpecParser.read(text).diagnostics.errors
        #expect(errors.contains { $0.message.contains("feeds contacts, but the source has no identity_keys.contact") }, "\(errors)")
    }
}
