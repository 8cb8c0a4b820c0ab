extension Artifact {
    /// Artifact 1: what a successful client looks like 12 months after signing, per segment, who
    /// signed it and when, and whether it still predicts renewal.
    public static func outcomeModel(_ inputs: ArtifactInputs) -> Artifact {
        let spec = inputs.spec
        let names = ProgramStatus.Names(spec: spec)
        var reflects = [specLine(inputs)]
        var sections: [Section] = []
        for segment in spec.segments {
            let models = spec.outcomeModels.filter { $0.segment == segment.id }
            guard !models.isEmpty else {
                sections.append(
                    Section("\(segment.name)", [.paragraph("No outcome model for this segment in the spec yet: phase 1 is not done until it has one.")]))
                continue
            }
            for specModel in models {
                let versions = inputs.outcomeVersions.filter { $0.model.id == specModel.id }
                let active = versions.last { $0.status == .active }
                let draft = versions.filter { $0.status == .draft }.max { $0.version < $1.version }
                let model = active?.model ?? specModel
                var blocks: [Block] = []
                if let active {
                    let since = active.activatedAt.map { " since \($0.day.iso)" } ?? ""
                    blocks.append(.paragraph("Version \(active.version), in force\(since)."))
                    reflects.append("\(model.name) version \(active.version), signed by \(signatureText(active.signatures, names: names))")
                } else {
                    blocks.append(.paragraph("Not signed yet: the spec's text below is a proposal until every signer function's leader signs it."))
                    reflects.append("\(model.name): no signed version yet")
                }
                let segmentText = segment.minSeats.map { min in "\(Format.count(min))–\(segment.maxSeats.map(Format.count) ?? "…") licensed seats" }
                blocks.append(.paragraph("Segment: \(segment.name)\(segmentText.map { " (\($0))" } ?? ""). Days count from contract_signed."))
                blocks.append(
                    .table(
                        Table(
                            headers: ["Outcome", "Definition", "Measured as", "Target", "Due"],
                            rows: model.outcomes.map { outcome in
                                [outcome.id, outcome.description, measureText(outcome.measure), targetText(outcome), "day \(outcome.day)"]
                            })))
                let twelveMonths = model.outcomes.filter { $0.day <= 365 }
                blocks.append(
                    .paragraph(
                        "12-month success criteria: \(twelveMonths.isEmpty ? "none due inside the first year" : twelveMonths.map { "\(targetText($0)) by day \($0.day)" }.joined(separator: "; "))."
                    ))
                let signedBy = active?.signatures ?? []
                blocks.append(
                    .table(
                        Table(
                            headers: ["Function", "Signed by", "On"],
                            rows: model.signers.map { function in
                                guard let signature = signedBy.first(where: { $0.function == function }) else {
                                    return [names.function(function), "not signed", "—"]
                                }
                                return [names.function(function), names.person(signature.person), signature.at.day.iso]
                            })))
                if let draft {
                    blocks.append(
                        .paragraph(
                            "Version \(draft.version) is proposed (\(draft.createdAt.day.iso)) and waits for \(draft.missing.isEmpty ? "no one" : names.functions(draft.missing)) to sign; until then version \(active.map { String($0.version) } ?? "none") stands."
                        ))
                }
                sections.append(Section("\(segment.name): \(model.name)", blocks))
            }
        }
        sections.append(validationSection(inputs.validation, asOf: inputs.asOf))
        return Artifact(kind: .outcomeModel, organization: spec.organization, asOf: inputs.asOf, reflects: reflects, sections: sections)
    }

    static func validationSection(_ validation: OutcomeValidation?, asOf: Day) -> Section {
        guard let validation, validation.accounts > 0 else {
            return Section(
                "Latest validation against renewals", [.paragraph("No client has reached a renewal yet, so no outcome can be validated against one.")])
        }
        var blocks: [Block] = [
            .paragraph(
                "As of \(asOf.iso): \(Format.count(validation.accounts)) clients reached a renewal; \(share(validation.renewalRate)) renewed. Outcomes achieved as a renewal score: AUC \(validation.auc.map { Format.oneDecimal($0 * 100) + "%" } ?? "—") (50% is chance)."
            ),
            .table(
                Table(
                    headers: ["Outcome", "Achieved", "Not achieved", "Renewed if achieved", "Renewed if not", "Lift", "Predicts renewal"],
                    rows: validation.rows.map { row in
                        [
                            row.outcome, Format.count(row.achieved), Format.count(row.notAchieved), share(row.renewalRateAchieved),
                            share(row.renewalRateNotAchieved),
                            row.lift.map { "×" + Format.oneDecimal($0) } ?? "—", row.predictsRenewal ? "yes" : "not shown",
                        ]
                    })),
        ]
        if !validation.flagged.isEmpty {
            blocks.append(.paragraph("For the quarterly refresh: \(validation.flagged.joined(separator: ", ")) do not show that they predict renewal."))
        }
        return Section("Latest validation against renewals", blocks)
    }

    static func specLine(_ inputs: ArtifactInputs) -> String {
        "Spec \(inputs.fingerprint) (format version \(inputs.spec.version)) of \(inputs.spec.organization), as running on \(inputs.asOf.iso)"
    }

    static func signatureText(_ signatures: [OutcomeModelVersion.Signature], names: ProgramStatus.Names) -> String {
        signatures.isEmpty
            ? "no one" : signatures.map { "\(names.function($0.function)) (\(names.person($0.person)), \($0.at.day.iso))" }.joined(separator: ", ")
    }

    static func measureText(_ measure: Measure) -> String {
        switch measure {
        case .usageRatio: "weekly active seats / licensed seats, best week"
        case .eventCount(let event, let conditions):
            "count of \(event)"
                + (conditions.isEmpty ? "" : " where " + conditions.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        }
    }

    static func targetText(_ outcome: Outcome) -> String {
        switch outcome.measure {
        case .usageRatio: "\(Format.percent(outcome.target)) weekly active"
        case .eventCount(let event, _):
            "\(outcome.target == outcome.target.rounded() ? Format.count(Int(outcome.target)) : Format.oneDecimal(outcome.target)) × \(event)"
        }
    }
}
