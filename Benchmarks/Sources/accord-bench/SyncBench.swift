import AccordCore
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One million Singer RECORD messages (accounts, contacts, subscriptions, as a CRM and billing tap
/// send them) through `accord load` from a file, into a fresh database and again unchanged; the
/// same accounts and contacts through `accord import` of CSV exports; and the same file through
/// Singer's reference target-jsonl, which only writes each stream to a file (the floor of reading
/// the protocol). Each is the real program, timed from start to exit, with its peak memory.
struct SyncBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "accord load of a million Singer records against accord import and target-jsonl: records/s and peak memory.")

    @Option(help: "The accord binary (build it with 'swift build -c release').") var accord = ".build/release/accord"
    @Option(help: "Singer RECORD messages in all: a tenth accounts, a fifth contacts, the rest subscriptions.") var records = 1_000_000
    @Option(help: "Singer's target-jsonl (pinned in Benchmarks/sync/requirements.txt).") var targetJsonl = "Benchmarks/sync/.venv/bin/target-jsonl"
    @Option(help: "A STATE message after this many records, as taps send bookmarks.") var stateEvery = 1_000

    func run() async throws {
        let binary = URL(fileURLWithPath: accord).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no accord binary at \(binary); build it with 'swift build -c release' or name it with --accord")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-sync-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let counts = (accounts: records / 10, contacts: records / 5, subscriptions: records - records / 10 - records / 5)
        print(
            "writing \(Format.count(records)) records: \(Format.count(counts.accounts)) accounts, \(Format.count(counts.contacts)) contacts, \(Format.count(counts.subscriptions)) subscriptions"
        )
        let singer = folder.appendingPathComponent("records.jsonl")
        let bytes = try Self.writeMessages(counts, stateEvery: stateEvery, to: singer, csvFolder: folder)
        print("  \(Format.oneDecimal(Double(bytes) / 1_048_576)) MiB of Singer messages")

        var rows: [(String, ImportBench.ChildRun, Int)] = []
        let loadFolder = folder.appendingPathComponent("load")
        let files = try Self.prepare(binary, in: loadFolder)
        let first = try ImportBench.runChild(binary, ["load", "--source", "salesforce"] + files, in: loadFolder, stdin: singer)
        guard first.status == 0 else { throw ValidationError("accord load exited \(first.status): \(first.output.suffix(2000))") }
        rows.append(("accord load, fresh database", first, records))
        let again = try ImportBench.runChild(binary, ["load", "--source", "salesforce"] + files, in: loadFolder, stdin: singer)
        guard again.status == 0 else { throw ValidationError("accord load exited \(again.status): \(again.output.suffix(2000))") }
        rows.append(("accord load, again (all unchanged)", again, records))
        let summary = try ImportBench.runChild(binary, ["sync", "runs", "--source", "salesforce"] + files, in: loadFolder)

        let importFolder = folder.appendingPathComponent("import")
        let importFiles = try Self.prepare(binary, in: importFolder)
        let accounts = try ImportBench.runChild(
            binary, ["import", "--source", "salesforce", folder.appendingPathComponent("accounts.csv").path] + importFiles, in: importFolder)
        guard accounts.status == 0 else { throw ValidationError("accord import exited \(accounts.status): \(accounts.output.suffix(2000))") }
        rows.append(("accord import, accounts CSV", accounts, counts.accounts))
        let contacts = try ImportBench.runChild(
            binary, ["import", "--source", "salesforce", "--contacts", folder.appendingPathComponent("contacts.csv").path] + importFiles, in: importFolder)
        guard contacts.status == 0 else { throw ValidationError("accord import --contacts exited \(contacts.status): \(contacts.output.suffix(2000))") }
        rows.append(("accord import, contacts CSV", contacts, counts.contacts))

        let target = URL(fileURLWithPath: targetJsonl).standardizedFileURL.path
        if FileManager.default.isExecutableFile(atPath: target) {
            let out = folder.appendingPathComponent("jsonl")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let config = folder.appendingPathComponent("target-jsonl.json")
            try #"{"destination_path": "\#(out.path)", "do_timestamp_file": false}"#.write(to: config, atomically: true, encoding: .utf8)
            let jsonl = try ImportBench.runChild(target, ["--config", config.path], in: folder, stdin: singer)
            guard jsonl.status == 0 else { throw ValidationError("target-jsonl exited \(jsonl.status): \(jsonl.output.suffix(2000))") }
            rows.append(("target-jsonl (writes files only)", jsonl, records))
        } else {
            print(
                """
                  target-jsonl is not at \(target), so it is left out; install it with
                    python3 -m venv Benchmarks/sync/.venv && Benchmarks/sync/.venv/bin/pip install -r Benchmarks/sync/requirements.txt
                """)
        }

        print("")
        for (what, run, count) in rows {
            let padded = what.padding(toLength: 36, withPad: " ", startingAt: 0)
            print(
                "\(padded) \(Format.count(count).leftPadded(9)) records  \(Format.oneDecimal(run.seconds).leftPadded(7)) s  \(Format.count(Int(Double(count) / run.seconds)).leftPadded(8)) records/s  peak \(Format.count(run.peakKiB / 1024).leftPadded(6)) MiB"
            )
        }
        print("\nThe runs accord load recorded:\n" + summary.output)
    }

    /// A fresh folder with the demo spec, its salesforce source reading the three streams.
    static func prepare(_ binary: String, in folder: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("accord.yaml")
        let files = ["--spec", spec.path, "--db", folder.appendingPathComponent("accord.db").path]
        let initialised = try ImportBench.runChild(binary, ["init"] + files, in: folder)
        guard initialised.status == 0 else { throw ValidationError("accord init exited \(initialised.status): \(initialised.output.suffix(2000))") }
        let text = try String(contentsOf: spec, encoding: .utf8)
        let block = "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n"
        guard text.contains(block) else { throw ValidationError("the spec accord init wrote has no salesforce source to sync") }
        let synced = text.replacingOccurrences(
            of: block,
            with: """
                    identity_keys: {account: Id, contact: Id}
                    sync:
                      frequency: hourly
                      streams:
                        - {stream: Account, feeds: accounts}
                        - {stream: Contact, feeds: contacts}
                        - {stream: Subscription, feeds: subscriptions, account: [AccountId]}

                """
        ).replacingOccurrences(
            of: "      - {from: OwnerId, to: account.owner_sales, direction: inbound, system_of_record: true}\n",
            with: """
                      - {from: OwnerId, to: account.owner_sales, direction: inbound, system_of_record: true}
                      - {from: Email, to: contact.email, direction: inbound, system_of_record: true}
                      - {from: Title, to: contact.title, direction: inbound}

                """)
        try synced.write(to: spec, atomically: true, encoding: .utf8)
        return files
    }

    /// The Singer messages, accounts first (as a tap sends its streams one after another), and the
    /// same accounts and contacts as CSV exports. Returns the Singer file's size in bytes.
    static func writeMessages(_ counts: (accounts: Int, contacts: Int, subscriptions: Int), stateEvery: Int, to url: URL, csvFolder: URL) throws -> Int {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let out = try FileHandle(forWritingTo: url)
        defer { try? out.close() }
        var buffer = ""
        var written = 0
        var sent = 0
        func emit(_ line: String) throws {
            buffer += line
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        func flush() throws {
            let data = Data(buffer.utf8)
            out.write(data)
            written += data.count
            buffer = ""
        }
        func record(_ stream: String, _ json: String) throws {
            try emit(#"{"type":"RECORD","stream":"\#(stream)","record":\#(json)}"#)
            sent += 1
            if sent % stateEvery == 0 { try emit(#"{"type":"STATE","value":{"bookmarks":{"\#(stream)":{"sent":\#(sent)}}}}"#) }
        }
        var domains: [String] = []
        var accountIDs: [String] = []
        domains.reserveCapacity(counts.accounts)
        var accountsCSV = "\"Id\",\"Name\",\"Website\",\"NumberOfEmployees\",\"Industry\",\"BillingCountry\",\"OwnerId\"\n"
        try emit(
            #"{"type":"SCHEMA","stream":"Account","key_properties":["Id"],"schema":{"type":"object","properties":{"Id":{"type":"string"},"Name":{"type":"string"},"Website":{"type":["null","string"]},"NumberOfEmployees":{"type":["null","integer"]},"Industry":{"type":["null","string"]},"BillingCountry":{"type":["null","string"]},"OwnerId":{"type":["null","string"]}}}}"#
        )
        var failure: Error?
        SyntheticCompanies.generate(counts.accounts) { c in
            domains.append(c.domain)
            accountIDs.append(c.id)
            accountsCSV += "\"\(c.id)\",\"\(c.name)\",\"https://www.\(c.domain)/\",\"\(c.seats)\",\"\(c.industry)\",\"\(c.country)\",\"\(c.owner)\"\n"
            do {
                try record(
                    "Account",
                    #"{"Id":"\#(c.id)","Name":"\#(c.name)","Website":"https://www.\#(c.domain)/","NumberOfEmployees":\#(c.seats),"Industry":"\#(c.industry)","BillingCountry":"\#(c.country)","OwnerId":"\#(c.owner)"}"#
                )
            } catch { failure = error }
        }
        if let failure { throw failure }
        try accountsCSV.write(to: csvFolder.appendingPathComponent("accounts.csv"), atomically: false, encoding: .utf8)

        let titles = ["VP Operations", "Head of IT", "Director of Finance", "Operations Manager", "CFO", "Analyst"]
        let firsts = ["ana", "ben", "chloe", "dev", "emma", "farid", "grace", "hugo", "isla", "jon", "kira", "liam"]
        var contactsCSV = "\"Id\",\"Email\",\"Title\",\"AccountId\"\n"
        try emit(
            #"{"type":"SCHEMA","stream":"Contact","key_properties":["Id"],"schema":{"type":"object","properties":{"Id":{"type":"string"},"Email":{"type":["null","string"]},"Title":{"type":["null","string"]},"AccountId":{"type":["null","string"]}}}}"#
        )
        for n in 0..<counts.contacts {
            let account = n % max(1, counts.accounts)
            let id = String(format: "0035g%013d", n)
            let email = "\(firsts[n % firsts.count]).\(n)@\(domains[account])"
            let title = titles[n % titles.count]
            contactsCSV += "\"\(id)\",\"\(email)\",\"\(title)\",\"\(accountIDs[account])\"\n"
            try record("Contact", #"{"Id":"\#(id)","Email":"\#(email)","Title":"\#(title)","AccountId":"\#(accountIDs[account])"}"#)
        }
        try contactsCSV.write(to: csvFolder.appendingPathComponent("contacts.csv"), atomically: false, encoding: .utf8)

        // Each account's subscription items together, as billing systems list them by customer.
        try emit(
            #"{"type":"SCHEMA","stream":"Subscription","key_properties":["id"],"schema":{"type":"object","properties":{"id":{"type":"string"},"AccountId":{"type":"string"},"status":{"type":"string"},"quantity":{"type":"integer"},"plan":{"type":"object"},"current_period_end":{"type":"string"}}}}"#
        )
        let perAccount = max(1, (counts.subscriptions + counts.accounts - 1) / max(1, counts.accounts))
        for n in 0..<counts.subscriptions {
            let account = min(n / perAccount, accountIDs.count - 1)
            let interval = n % 5 == 0 ? "year" : "month"
            let amount = (n % 7 + 1) * (interval == "year" ? 120_000 : 10_000)
            let status = n % 23 == 0 ? "trialing" : n % 31 == 0 ? "canceled" : "active"
            try record(
                "Subscription",
                #"{"id":"sub_\#(n)","AccountId":"\#(accountIDs[account])","status":"\#(status)","quantity":\#(n % 40 + 1),"plan":{"amount":\#(amount),"interval":"\#(interval)"},"current_period_end":"2027-0\#(n % 9 + 1)-15"}"#
            )
        }
        try emit(#"{"type":"STATE","value":{"bookmarks":{"Subscription":{"sent":\#(sent)}}}}"#)
        try flush()
        return written
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
