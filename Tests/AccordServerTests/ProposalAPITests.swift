import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// Taxonomy and dashboard proposals as the monthly architecture review works them: RevOps proposes,
/// the four functions sign, and ingestion applies a taxonomy change only from the last signature.
@Suite("Taxonomy and dashboard proposals over HTTP")
struct ProposalAPITests {
    static let proposal = #"""
        {"kind": "taxonomy", "title": "Track report exports",
         "changes": [{"op": "add_event", "event": "report_exported", "description": "A report left the product",
                      "properties": {"format": {"type": "string", "required": true, "enum": ["csv", "pdf"]}}}]}
        """#

    func sendExport(_ http: some TestClientProtocol, _ id: String) async throws {
        let body = #"{"batch": [\#(track(id, event: "report_exported", properties: #"{"format": "pdf"}"#))]}"#
        try await http.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
            #expect(response.status == .ok)
        }
    }

    @Test("an added event is kept aside until the last of four signatures, then accepted on the plan; the history names who signed when")
    func takesEffectOnLastSignature() async throws {
        let store = try TestFolders.store()
        let server = try await TestServer(store: store, productKey: true)
        let revops = try await PlayAPITests.token(for: "priya.raman", store)
        try await server.application.test(.router) { http in
            let (status, created, text) = try await SaveCaseAPITests.post(http, "/api/v1/proposals", revops, Self.proposal)
            #expect(status == .created, "\(text)")
            let id = try #require(created["id"] as? Int)
            #expect(created["status"] as? String == "pending")
            #expect(created["changes"] as? [String] == ["adds event report_exported with format"])
            #expect(created["missing"] as? [String] == ["marketing", "sales", "it", "cs"])

            try await sendExport(http, "before")
            for person in ["maria.chen", "sam.okafor", "grace.kim"] {
                let (signed, body, _) = try await SaveCaseAPITests.post(
                    http, "/api/v1/proposals/\(id)/signatures", try await PlayAPITests.token(for: person, store), "{}")
                #expect(signed == .created && body["status"] as? String == "pending")
            }
            try await sendExport(http, "three-signatures")
            #expect(try await store.failedEvents(FailedEventQuery()).failedEvents.map(\.failed.messageID).sorted() == ["before", "three-signatures"])
            #expect(try await store.events(EventQuery()).events.isEmpty)

            // The IT partner speaks for IT at the review.
            let (last, approved, _) = try await SaveCaseAPITests.post(
                http, "/api/v1/proposals/\(id)/signatures", try await PlayAPITests.token(for: "tomas.silva", store), "{}")
            #expect(last == .created && approved["status"] as? String == "approved" && approved["approved_at"] != nil)
            try await sendExport(http, "after")
            let events = try await store.events(EventQuery()).events
            #expect(events.map(\.event.messageID) == ["after"] && events.first?.event.planStatus == .planned)

            try await http.execute(uri: "/api/v1/proposals?status=approved", method: .get, headers: viewer) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let proposals = try #require(body["proposals"] as? [[String: Any]])
                let signatures = try #require(proposals.first?["signatures"] as? [[String: Any]])
                #expect(signatures.map { $0["person"] as? String } == ["maria.chen", "sam.okafor", "grace.kim", "tomas.silva"])
                #expect(signatures.map { $0["function"] as? String } == ["marketing", "sales", "cs", "it"])
            }
        }
        let actions = try await store.audit(AuditQuery(target: "spec_proposal:1")).entries.map(\.action)
        #expect(actions.filter { $0 == "spec_proposal.signed" }.count == 4 && actions.contains("spec_proposal.approved"))
    }

    @Test("who may propose and sign, changes that do not fit, repeats and double signatures are refused with what to do")
    func refusals() async throws {
        let store = try TestFolders.store()
        let server = try await TestServer(store: store, productKey: true)
        let revops = try await PlayAPITests.token(for: "priya.raman", store)
        try await server.router.test(.router) { http in
            let cases: [(HTTPFields, String, HTTPResponse.Status, String)] = [
                (viewer, Self.proposal, .forbidden, "change the spec"),
                (revops, #"{"kind": "glossary", "title": "x"}"#, .badRequest, "'kind' must be dashboard or taxonomy"),
                (revops, #"{"kind": "taxonomy", "title": "x", "changes": [{"op": "rename", "event": "a"}]}"#, .badRequest, "rename_event"),
                (revops, #"{"kind": "taxonomy", "title": "x", "changes": [{"op": "rename_event", "event": "a"}]}"#, .badRequest, "missing required key 'to'"),
                (
                    revops, #"{"kind": "taxonomy", "title": "x", "changes": [{"op": "retire_event", "event": "nope"}]}"#, .badRequest,
                    "event nope is not in the taxonomy"
                ),
                (revops, #"{"kind": "taxonomy", "title": "x", "changes": []}"#, .badRequest, "at least one change"),
                (
                    revops, #"{"kind": "taxonomy", "title": " ", "changes": [{"op": "retire_event", "event": "first_value_achieved"}]}"#, .badRequest,
                    "needs a title"
                ),
                (revops, #"{"kind": "dashboard", "title": "x", "metrics": []}"#, .badRequest, "unknown field 'metrics'"),
            ]
            for (headers, body, expected, message) in cases {
                let (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/proposals", headers, body)
                #expect(status == expected && text.contains(message), "\(body): \(text)")
            }
            let (first, created, _) = try await SaveCaseAPITests.post(http, "/api/v1/proposals", revops, Self.proposal)
            #expect(first == .created)
            let id = try #require(created["id"] as? Int)
            let (again, _, repeatText) = try await SaveCaseAPITests.post(http, "/api/v1/proposals", revops, Self.proposal)
            #expect(again == .conflict && repeatText.contains("proposal \(id) already proposes exactly this"))

            let rep = try await PlayAPITests.token(for: "jade.morel", store)
            let (repStatus, _, repText) = try await SaveCaseAPITests.post(http, "/api/v1/proposals/\(id)/signatures", rep, "{}")
            #expect(repStatus == .forbidden && repText.contains("only a function's leader"))
            let leader = try await PlayAPITests.token(for: "maria.chen", store)
            _ = try await SaveCaseAPITests.post(http, "/api/v1/proposals/\(id)/signatures", leader, "{}")
            let (twice, _, twiceText) = try await SaveCaseAPITests.post(http, "/api/v1/proposals/\(id)/signatures", leader, "{}")
            #expect(twice == .conflict && twiceText.contains("marketing has already signed proposal \(id)"))
            let (missing, _, _) = try await SaveCaseAPITests.post(http, "/api/v1/proposals/99/signatures", leader, "{}")
            #expect(missing == .notFound)
            try await http.execute(uri: "/api/v1/proposals?status=maybe", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("the dashboard is proposed as the spec has it; once approved the same proposal is refused as unchanged")
    func dashboard() async throws {
        let store = try TestFolders.store()
        let server = try await TestServer(store: store)
        let revops = try await PlayAPITests.token(for: "priya.raman", store)
        try await server.router.test(.router) { http in
            let (status, created, text) = try await SaveCaseAPITests.post(
                http, "/api/v1/proposals", revops, #"{"kind": "dashboard", "title": "The shared dashboard"}"#)
            #expect(status == .created, "\(text)")
            let id = try #require(created["id"] as? Int)
            #expect((created["changes"] as? [String])?.first?.hasPrefix("adds nrr") == true)
            for person in ["maria.chen", "sam.okafor", "grace.kim", "ingrid.berg"] {
                _ = try await SaveCaseAPITests.post(http, "/api/v1/proposals/\(id)/signatures", try await PlayAPITests.token(for: person, store), "{}")
            }
            let (again, _, againText) = try await SaveCaseAPITests.post(http, "/api/v1/proposals", revops, #"{"kind": "dashboard", "title": "Again"}"#)
            #expect(again == .conflict && againText.contains("nothing would change"), "\(againText)")
        }
        let status = try await ProgramDesk(spec: SpecTemplate.defaultSpec, store: store).status(today: TestServer.asOf)
        #expect(status.phases[2].checks.first { $0.id == "dashboard" }?.passed == true)
    }
}
