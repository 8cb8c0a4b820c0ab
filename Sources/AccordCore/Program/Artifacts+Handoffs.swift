extension Artifact {
    /// Artifact 2: each transition's owners, payload, acceptance criteria and SLA, with how the last
    /// full quarter went against them.
    public static func handoffSLAs(_ inputs: ArtifactInputs) -> Artifact {
        let spec = inputs.spec
        let names = ProgramStatus.Names(spec: spec)
        let quarter = ArtifactInputs.lastQuarter(before: inputs.asOf)
        var sections: [Section] = []
        let rows = inputs.sla?.rows ?? []
        sections.append(
            Section(
                "Summary, \(quarter.from.iso) to \(quarter.to.iso)",
                [
                    .table(
                        Table(
                            headers: ["Transition", "From", "To", "SLA", "Submitted", "Median decision", "Breached", "Rejected"],
                            rows: spec.handoffs.map { definition in
                                let row = rows.first { $0.handoff == definition.id }
                                return [
                                    definition.name, party(definition.from, names), party(definition.to, names), hours(definition.slaHours),
                                    Format.count(row?.submitted ?? 0), row?.timeToDecision.medianHours.map(hours) ?? "—", share(row?.breachRate),
                                    share(row?.rejectionRate),
                                ]
                            }))
                ]))
        for definition in spec.handoffs {
            var blocks: [Block] = [
                .paragraph(
                    "\(party(definition.from, names)) hands over to \(party(definition.to, names)); the receiver decides within \(hours(definition.slaHours)) or the handoff breaches its SLA."
                        + (definition.requires.map { requirement in
                            " It may be submitted only once \(spec.handoffs.first { $0.id == requirement }?.name ?? requirement) is accepted for the account."
                        } ?? ""))
            ]
            blocks.append(
                .table(
                    Table(
                        headers: ["Payload field", "Type", "Required", "Description"],
                        rows: definition.payload.sorted { $0.key < $1.key }.map { name, schema in
                            [name, schema.type.rawValue, schema.required ? "yes" : "no", schema.description ?? ""]
                        })))
            blocks.append(
                definition.acceptance.isEmpty
                    ? .paragraph("No acceptance criteria beyond the payload's schema.")
                    : .list(definition.acceptance.map { "\($0.field) \(checkText($0.check)): rejected with “\($0.message)”" }))
            if let row = rows.first(where: { $0.handoff == definition.id }), row.submitted > 0 {
                blocks.append(
                    .paragraph(
                        "Last quarter: \(Format.count(row.submitted)) submitted, \(Format.count(row.timeToDecision.decided)) decided, median \(row.timeToDecision.medianHours.map(hours) ?? "—") and p90 \(row.timeToDecision.p90Hours.map(hours) ?? "—") to a decision; \(share(row.breachRate)) breached the SLA and \(share(row.rejectionRate)) were rejected."
                    ))
            } else {
                blocks.append(.paragraph("Last quarter: none submitted."))
            }
            sections.append(Section("\(definition.name) (\(definition.id))", blocks))
        }
        return Artifact(kind: .handoffSLAs, organization: spec.organization, asOf: inputs.asOf, reflects: [specLine(inputs)], sections: sections)
    }

    static func party(_ party: HandoffDefinition.Party, _ names: ProgramStatus.Names) -> String {
        "\(names.function(party.function)) (\(names.person(party.owner)))"
    }

    static func hours(_ value: Double) -> String {
        "\(Format.oneDecimal(value)) hours"
    }

    static func share(_ value: Double?) -> String { value.map(Format.percent) ?? "—" }

    static func checkText(_ check: AcceptanceRule.Check) -> String {
        switch check {
        case .present: "is present"
        case .minimum(let bound): "is at least \(Format.oneDecimal(bound))"
        case .maximum(let bound): "is at most \(Format.oneDecimal(bound))"
        case .minItems(let count): "has at least \(count) \(count == 1 ? "item" : "items")"
        case .minLength(let count): "has at least \(count) characters"
        case .oneOf(let values): "is one of \(values.joined(separator: ", "))"
        case .contactOfAccount: "names a contact of the account on the client record"
        case .matchesOutcomeModel: "carries the signed outcome model's targets"
        }
    }
}
