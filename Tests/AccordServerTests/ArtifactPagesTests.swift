import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// The four artifacts over HTTP, on a demo company whose outcome models were signed.
@Suite("The program's artifacts as pages and Markdown")
struct ArtifactPagesTests {
    @Test("each artifact page names the spec and signatures it reflects, and downloads as the same Markdown the command writes")
    func pages() async throws {
        let store = try await TestFolders.demoStore(accounts: 120, seed: 5)
        let spec = SpecTemplate.defaultSpec
        try await OutcomeModelDesk(spec: spec, store: store).seedDemoHistory(asOf: Instant(day: TestServer.asOf))
        let desk = ProgramDesk(spec: spec, store: store)
        try await desk.seedDemoProposals(asOf: TestServer.asOf)
        let fingerprint = try desk.fingerprint()
        #expect(fingerprint.count == 12)
        let expected = try await desk.artifact(.dataDictionary, asOf: TestServer.asOf, now: Instant(day: TestServer.asOf))
        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/program/artifacts", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                for kind in Artifact.Kind.allCases { #expect(page.contains(#"data-artifact="\#(kind.rawValue)""#)) }
            }
            try await http.execute(uri: "/program/artifacts/outcome-model", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Spec \(fingerprint) (format version 1)"))
                #expect(page.contains("Mid-market 12-month success version 1, signed by Marketing (Maria Chen, "))
                #expect(page.contains("Enterprise: Enterprise 12-month success"))
                #expect(page.contains("Latest validation against renewals"))
            }
            try await http.execute(uri: "/program/artifacts/handoff-slas", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(
                    page.contains("<li>icp_fit_score is at least 60: rejected with “ICP fit below 60 goes back to nurture”</li>"), "acceptance rules are listed"
                )
            }
            try await http.execute(uri: "/program/artifacts/dashboard-spec", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("is pending: signed by Marketing (Maria Chen, "))
                #expect(page.contains("waiting on IT"))
                #expect(page.contains("Net revenue retention by acquisition cohort"))
            }
            try await http.execute(uri: "/program/artifacts/data-dictionary/markdown", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/markdown; charset=utf-8")
                #expect(String(buffer: response.body) == expected.markdown())
                #expect(String(buffer: response.body).contains("| contract_signed |"))
            }
            try await http.execute(uri: "/program/artifacts/minutes", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("the four are outcome-model, handoff-slas, data-dictionary, dashboard-spec"))
            }
            try await http.execute(uri: "/program/artifacts/minutes/markdown", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
