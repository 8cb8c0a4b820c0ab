import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Dashboard over HTTP")
struct DashboardAPITests {
    @Test("the dashboard lists every spec metric with owners and cadence; the API's figures are the core's on the store's facts")
    func dashboard() async throws {
        let (app, store, _) = try await makeAccessServer()
        let asOf = Day(iso: "2026-06-30")!
        let reading = DashboardDesk(spec: SpecTemplate.defaultSpec, store: store)
        let expected = Dashboard.compute(
            try await reading.facts(asOf: asOf), spec: SpecTemplate.defaultSpec,
            economics: .init(grossMargin: 0.78, acquisitionCostCents: ["marketing": 420_000, "sales": 780_000]), now: .now)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/dashboard", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                let metrics = try #require(body["metrics"] as? [[String: Any]])
                #expect(metrics.map { $0["id"] as? String } == SpecTemplate.defaultSpec.dashboard.metrics.map(\.id))
                let nrr = try #require(metrics.first { $0["id"] as? String == "nrr_by_cohort" })
                #expect(
                    nrr["owners"] as? [String] == ["marketing", "sales", "it", "cs"] && nrr["refresh"] as? String == "daily" && nrr["shared"] as? Bool == true)
                #expect(nrr["value"] as? Double == expected.retention.nrr.map { $0 * 100 })
                let clv = try #require(body["lifetime_value"] as? [String: Any])
                #expect(clv["seed_cents"] as? Int64 == expected.lifetimeValue.seedCents && clv["gross_margin"] as? Double == 0.78)
            }
            try await client.execute(uri: "/dashboard", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("<svg") && page.contains("Owned by every function"))
                #expect(page.contains(#"data-value="nrr_by_cohort">\#(Dashboard.display(expected.retention.nrr.map { $0 * 100 }, unit: "percent"))<"#))
            }
        }
    }

    @Test("a metric as CSV; the accounts behind a figure as JSON and CSV; wrong names, keys and formats say what is allowed")
    func tablesAndDrillDowns() async throws {
        let (app, store, _) = try await makeAccessServer()
        let reading = DashboardDesk(spec: SpecTemplate.defaultSpec, store: store)
        let facts = try await reading.facts(asOf: Day(iso: "2026-06-30")!)
        let board = Dashboard.compute(facts, spec: SpecTemplate.defaultSpec, economics: .init(grossMargin: 0.78, acquisitionCostCents: [:]), now: .now)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics/funnel?format=csv", method: .get, headers: viewer) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.first == "stage,reached,conversion,drop_off" && lines.count == 6)
                #expect(lines[1] == "awareness,\(board.funnel.steps[0].reached),,")
            }
            var csvHeaders = viewer
            csvHeaders[.accept] = "text/csv"
            try await client.execute(uri: "/api/v1/metrics/mrr_movements", method: .get, headers: csvHeaders) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8" && String(buffer: response.body).hasPrefix("from,to,start_mrr"))
            }
            try await client.execute(uri: "/api/v1/metrics/stakeholder_coverage/accounts?key=single_threaded", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect(body["count"] as? Int == board.coverage.singleThreadedIDs.count)
                #expect((body["accounts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == board.coverage.singleThreadedIDs)
            }
            try await client.execute(uri: "/api/v1/metrics/mrr_movements/accounts?key=new&format=csv", method: .get, headers: viewer) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(
                    lines.first == "id,name,segment,source,cohort,stage,mrr,owner_cs,owner_sales" && lines.count == 1 + (board.mrr.accounts["new"]?.count ?? 0))
            }
            try await client.execute(uri: "/api/v1/metrics/funnel/accounts?key=lunch", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("key 'lunch' is not one of advocacy, awareness, consideration, purchase, retention"))
            }
            try await client.execute(uri: "/api/v1/metrics/adoption_rate_90d/accounts", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("needs key= one of adopted, not_adopted"))
            }
            try await client.execute(uri: "/api/v1/metrics/nrr_by_cohort/accounts?period=1999-Q1", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("is not a quarter of the matrix"))
            }
            try await client.execute(uri: "/api/v1/metrics/vibes", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("metrics: nrr_by_cohort"))
            }
            try await client.execute(uri: "/api/v1/metrics/csat?format=xml", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("not one of json, csv"))
            }
            try await client.execute(uri: "/metrics/funnel/accounts?key=purchase", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                let purchased = board.funnel.steps.first { $0.stage == "purchase" }!.reached
                #expect(response.status == .ok && page.contains("<span data-count>\(Format.count(purchased))</span>"))
            }
        }
    }

    @Test("the renewal calendar over the API and as a page; outcome attainment and data quality on their pages; the account page tells its story")
    func renewalsAndQuality() async throws {
        let (app, store, _) = try await makeAccessServer()
        let asOf = Day(iso: "2026-06-30")!
        let snapshots = DashboardSnapshots(reading: DashboardDesk(spec: SpecTemplate.defaultSpec, store: store))
        let expected = try await RenewalDesk(snapshots: snapshots).calendar(asOf: asOf, now: { .now })
        #expect(!expected.rows.isEmpty)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/renewals", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect(response.status == .ok && body["days"] as? Int == 90)
                let rows = try #require(body["rows"] as? [[String: Any]])
                #expect(rows.compactMap { $0["account"] as? String } == expected.rows.map(\.account))
                #expect(rows.compactMap { $0["risk"] as? String } == expected.rows.map(\.risk.rawValue))
                #expect(rows.allSatisfy { ($0["days_left"] as? Int ?? -1) >= 0 && ($0["days_left"] as? Int ?? 99) <= 90 })
            }
            try await client.execute(uri: "/api/v1/renewals?days=14&format=csv", method: .get, headers: viewer) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.first == "account,name,segment,renewal_on,days_left,mrr,owner_cs,risk,outcomes,reasons")
                #expect(lines.count == 1 + expected.rows.filter { $0.daysLeft <= 14 }.count)
            }
            for bad in ["days=0", "days=400", "days=soon"] {
                try await client.execute(uri: "/api/v1/renewals?\(bad)", method: .get, headers: viewer) { response in
                    #expect(response.status == .badRequest && String(buffer: response.body).contains("number of days from 1 to 366"))
                }
            }
            try await client.execute(uri: "/renewals", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("<div class=\"value\" data-value=\"renewals\">\(Format.count(expected.rows.count))</div>"))
                #expect(page.contains("data-value=\"risk-high\">\(Format.count(expected.byRisk["high"] ?? 0))<"))
                for row in expected.rows.prefix(5) { #expect(page.contains("data-account=\"\(row.account)\"")) }
            }
            try await client.execute(uri: "/renewals?risk=high", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<tr data-account=").count - 1 == expected.byRisk["high"])
            }
            try await client.execute(uri: "/renewals?risk=dire", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("not a risk level: high, medium or low"))
            }
            let board = try await snapshots.dashboard(asOf: asOf, now: { .now }).1
            try await client.execute(uri: "/dashboard", method: .get, headers: viewer) { response in
                let attainment = try #require(board.metrics.first { $0.id == "outcome_attainment" })
                #expect(attainment.value != nil && attainment.display.hasSuffix("%"))
                #expect(String(buffer: response.body).contains("data-value=\"outcome_attainment\">\(attainment.display)<"))
            }
            try await client.execute(uri: "/data-quality", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("data-value=\"data_completeness\">\(Dashboard.display(board.completeness.score.map { $0 * 100 }, unit: "percent"))<"))
                for source in SpecTemplate.defaultSpec.sources { #expect(page.contains("<tr data-source=\"\(source.id)\">")) }
            }
            let handoffs = try await store.handoffs(HandoffQuery(limit: 1))
            let handoff = try #require(handoffs.first)
            try await client.execute(uri: "/accounts/\(handoff.accountID)", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<a href=\"/handoffs/\(handoff.id)\">") && page.contains("class=\"timeline-event\""))
                #expect(page.contains("<title id=\"mrr-history-title\">") || !page.contains("<td>new</td>"))
            }
        }
    }
}
