import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Operations: GET /metrics in the Prometheus text format")
struct OperationsTests {
    /// The value of the sample with exactly these labels, from a Prometheus text body.
    static func sample(_ body: String, _ name: String, _ labels: [String: String]) -> Double? {
        for line in body.split(separator: "\n") where line.hasPrefix(name + "{") {
            guard let close = line.lastIndex(of: "}") else { continue }
            let inside = line[line.index(line.startIndex, offsetBy: name.count + 1)..<close]
            var found: [String: String] = [:]
            for pair in inside.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                found[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if labels.allSatisfy({ found[$0.key] == $0.value }) { return Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }

    @Test("sync runs and their records by source, HTTP requests by route, for the roles that read the audit log")
    func metrics() async throws {
        let store = try await TestFolders.demoStore(accounts: 5, seed: 4, spec: SyncPageTests.spec)
        // The server is built first: it sets up the Prometheus backend that what follows counts into.
        let server = try await TestServer(store: store, spec: SyncPageTests.spec, now: { .now })
        let desk = SyncDesk(spec: SyncPageTests.spec, store: store, now: { .now }, today: { .today })
        let loader = try await desk.start("salesforce", trigger: .load)
        for line in [
            #"{"type":"SCHEMA","stream":"Account","key_properties":["Id"],"schema":{"type":"object"}}"#,
            #"{"type":"RECORD","stream":"Account","record":{"Id":"001M1","Name":"Metric Company","Website":"https://metric.example"}}"#,
            #"{"type":"STATE","value":{"n":1}}"#,
        ] { _ = try await loader.take(line) }
        _ = try await loader.finish(exit: TapExit(code: 0))
        let body = try await server.router.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts?limit=1", method: .get, headers: bearer(.admin)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get, headers: bearer(.viewer)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            return try await client.execute(uri: "/metrics", method: .get, headers: bearer(.itPartner)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
        }
        #expect((Self.sample(body, "accord_sync_runs_total", ["source": "salesforce", "status": "ok", "trigger": "load"]) ?? 0) >= 1, "\(body)")
        #expect((Self.sample(body, "accord_sync_records_total", ["source": "salesforce", "stream": "Account", "outcome": "created"]) ?? 0) >= 1)
        #expect(Self.sample(body, "accord_sync_last_success_timestamp_seconds", ["source": "salesforce"]) != nil)
        #expect((Self.sample(body, "hb_requests", ["http_route": "/api/v1/accounts", "http_response_status_code": "200"]) ?? 0) >= 1)
        #expect(body.contains("# TYPE accord_sync_runs_total counter"))
    }
}
