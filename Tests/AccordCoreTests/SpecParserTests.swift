import AccordCore
import Foundation
import Testing

@Suite("Alignment spec")
struct SpecParserTests {
    @Test("both built-in templates are valid, with no warnings")
    func templatesAreValid() {
        for template in SpecTemplate.allCases {
            let result = SpecParser.read(template.text)
            #expect(result.diagnostics.isEmpty, "\(template): \(result.diagnostics)")
            #expect(result.isValid)
        }
    }

    @Test("the full template encodes the seed's model")
    func fullTemplateContent() throws {
        let spec = try #require(SpecParser.read(SpecTemplate.full.text).spec)
        #expect(Set(spec.functions.map(\.id)) == ["marketing", "sales", "it", "cs", "revops"])
        #expect(
            spec.handoffs.map(\.id) == [
                "lead_to_opportunity", "opportunity_to_close", "close_to_onboarding", "onboarding_to_adoption", "adoption_to_expansion",
            ])
        let seedEvents: Set = [
            "contract_signed", "implementation_kickoff_completed", "first_admin_login", "first_value_achieved",
            "adoption_threshold_reached", "executive_business_review_completed", "expansion_signal_detected", "risk_signal_detected",
        ]
        #expect(seedEvents.isSubset(of: Set(spec.taxonomy.events.map(\.name))))
        #expect(Set(spec.sources.map(\.system)) == Set(SourceDefinition.System.allCases))
        let model = try #require(spec.outcomeModels.first)
        #expect(model.outcomes.map(\.target) == [0.70, 2, 1])
        #expect(model.outcomes.map(\.day) == [90, 180, 270])
        let close = try #require(spec.handoffs.first { $0.id == "close_to_onboarding" })
        for field in [
            "verified_use_case", "executive_sponsor", "technical_owner", "success_criteria", "integration_scope",
            "stakeholder_map", "content_consumed", "buying_motivation", "contractual_commitments",
        ] {
            #expect(close.payload[field] != nil, "close_to_onboarding lacks \(field)")
        }
        #expect(close.from.function == "sales" && close.to.function == "cs")
        #expect(spec.dashboard.metrics.prefix(4).map(\.id) == ["nrr_by_cohort", "time_to_first_value", "stakeholder_coverage", "expansion_qualified_rate"])
    }

    @Test("the compact template is the seed's minimum viable version")
    func compactTemplateContent() throws {
        let spec = try #require(SpecParser.read(SpecTemplate.compact.text).spec)
        #expect(spec.outcomeModels.count == 1)
        #expect(spec.handoffs.map(\.id) == ["close_to_onboarding", "onboarding_to_adoption", "adoption_to_expansion"])
        #expect(spec.dashboard.metrics.count == 3)
        #expect(spec.taxonomy.events.map(\.name) == ["contract_signed", "first_value_achieved", "expansion_signal_detected", "client_churned"])
    }

    @Test("five planted mistakes are each reported on their own line")
    func plantedMistakes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/planted-mistakes.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let planted = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("# MISTAKE") }.map { $0.offset + 1 }
        #expect(planted.count == 5)
        let errors = SpecParser.read(text).diagnostics.errors
        #expect(Set(errors.map(\.location.line)) == Set(planted), "\(errors)")
        #expect(errors.count == 5)
    }

    @Test(
        "each kind of mistake names what is wrong and where",
        arguments: [
            ("functions:\n  - {id: sales}\n  - {id: sales}", "duplicate function id 'sales'", 3, 10),
            ("functions:\n  - {id: sales}\npeople:\n  - {id: a, name: A, email: a@x.io, function: sls, role: leader}", "unknown function 'sls'", 4, 47),
            (
                "functions:\n  - {id: sales}\npeople:\n  - {id: a, name: A, email: not-an-email, function: sales, role: leader}",
                "'not-an-email' is not an email address", 4, 29
            ),
            ("functions:\n  - {id: sales}\npeople:\n  - {id: a, name: A, email: a@x.io, function: sales, role: boss}", "role 'boss' is not one of", 4, 60),
            ("functions:\n  - {id: sales}\nhandofs: []", "unknown key 'handofs' in the spec; did you mean 'handoffs'?", 3, 1),
            ("functions:\n  - {id: sales}\ndashboard:\n  metrics:\n    - {id: nrr, owners: [sales], refresh: daily}", "unknown metric 'nrr'", 5, 12),
            (
                "functions:\n  - {id: sales}\ndashboard:\n  metrics:\n    - {id: csat, owners: [sales], refresh: hourlyish}",
                "refresh 'hourlyish' is not one of", 5, 44
            ),
            ("functions: {id: sales}", "functions must be a list", 1, 12),
            ("functions:\n  - {id: sales}\nidentity:\n  match_threshold: 0.5\n  review_threshold: 0.9", "must not be above match_threshold", 5, 21),
            ("functions:\n  - {id: sales\n", "YAML syntax error", 3, 1),
        ])
    func diagnostics(body: String, message: String, line: Int, column: Int) {
        let text = "version: 1\ntaxonomy: {events: []}\n" + body
        let diagnostics = SpecParser.read(text).diagnostics
        let match = diagnostics.first { $0.message.contains(message) }
        #expect(match != nil, "no '\(message)' in \(diagnostics)")
        #expect(match?.location == SourceLocation(line: line + 2, column: column), "\(String(describing: match))")
    }

    @Test("handoff references are checked: owners, requires, acceptance fields, cycles")
    func handoffReferences() {
        let text = """
            version: 1
            functions: [{id: sales}, {id: cs}]
            people:
              - {id: s, name: S, email: s@x.io, function: sales, role: leader}
              - {id: c, name: C, email: c@x.io, function: cs, role: leader}
            taxonomy: {events: []}
            handoffs:
              - id: a
                from: {function: sales, owner: nobody}
                to: {function: cs, owner: c}
                sla_hours: 0
                requires: b
                payload: {x: {type: string}}
                acceptance:
                  - {field: y, present: true}
              - id: b
                from: {function: sales, owner: s}
                to: {function: cs, owner: c}
                sla_hours: 4
                requires: a
              - id: c
                from: {function: sales, owner: s}
                to: {function: cs, owner: c}
                sla_hours: 4
                requires: zzz
                acceptance:
                  - {field: x, min: 1, max: 2}
            """
        let messages = SpecParser.read(text).diagnostics.map(\.message)
        for expected in [
            "names owner 'nobody', who is not in people", "needs sla_hours above 0", "is part of a requires cycle",
            "field 'y', which is not in the payload", "requires unknown handoff 'zzz'", "must name exactly one check",
        ] {
            #expect(messages.contains { $0.contains(expected) }, "missing '\(expected)' in \(messages)")
        }
    }

    @Test("outcome numbers are checked: ratio targets, positive targets, due days")
    func outcomeNumbers() {
        let text = """
            version: 1
            functions: [{id: cs}]
            people: [{id: c, name: C, email: c@x.io, function: cs, role: leader}]
            segments: [{id: all}]
            taxonomy: {events: [{name: first_value_achieved}]}
            outcome_models:
              - id: m
                segment: everyone
                signers: [cs, finance]
                outcomes:
                  - {id: u, measure: {kind: usage_ratio}, target: 70, day: 90}
                  - {id: v, measure: {kind: event_count, event: first_value_achieved}, target: 0, day: 0}
                  - {id: v, measure: {kind: page_views}, target: 1, day: 1}
            """
        let messages = SpecParser.read(text).diagnostics.map(\.message)
        for expected in [
            "unknown segment 'everyone'", "unknown function 'finance'", "its target is between 0 and 1",
            "needs a target above 0", "is due on day 0", "kind 'page_views' is not one of",
        ] {
            #expect(messages.contains { $0.contains(expected) }, "missing '\(expected)' in \(messages)")
        }
    }

    @Test(
        "property schemas are checked",
        arguments: [
            ("{type: number, minimum: 5, maximum: 1}", "minimum 5.0 above maximum 1.0"),
            ("{type: string, pattern: '([a-z'}", "not a valid regular expression"),
            ("{type: number, enum: [a]}", "enum applies to string only"),
            ("{type: array}", "say what its items are"),
            ("{type: date}", "type 'date' is not one of"),
            ("{type: string, requird: true}", "unknown key 'requird'"),
        ])
    func propertySchemas(schema: String, message: String) {
        let text = "version: 1\nfunctions: []\npeople: []\ntaxonomy:\n  events:\n    - name: e\n      properties:\n        p: \(schema)\n"
        let diagnostics = SpecParser.read(text).diagnostics
        #expect(diagnostics.contains { $0.message.contains(message) && $0.location.line == 8 }, "\(diagnostics)")
    }

    @Test("an empty file and a non-mapping root are clear errors")
    func emptyAndWrongRoot() {
        #expect(SpecParser.read("").diagnostics.first?.message.contains("the spec is empty") == true)
        #expect(SpecParser.read("- a\n- b\n").diagnostics.first?.message.contains("must be a mapping") == true)
        #expect(SpecParser.read("version: 1\n").diagnostics.contains { $0.message.contains("missing required key 'functions'") })
        #expect(
            SpecParser.read("version: 2\nfunctions: []\npeople: []\ntaxonomy: {events: []}").diagnostics.contains {
                $0.message.contains("version 2 is not supported")
            })
    }

    @Test("duplicate keys in one mapping are reported with their line")
    func duplicateKeys() {
        let diagnostics = SpecParser.read("version: 1\nversion: 1\n").diagnostics
        #expect(diagnostics.first?.message.contains("duplicate key 'version'") == true)
    }
}
