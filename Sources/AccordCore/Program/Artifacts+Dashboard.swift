extension Artifact {
    /// Artifact 4: each shared metric's definition, owners, refresh cadence and its figure now.
    public static func dashboardSpec(_ inputs: ArtifactInputs) -> Artifact {
        let spec = inputs.spec
        let names = ProgramStatus.Names(spec: spec)
        var reflects = [specLine(inputs)]
        let dashboards = inputs.proposals.filter { $0.kind == .dashboard }
        if let approved = dashboards.filter({ $0.status == .approved }).max(by: { $0.id < $1.id }) {
            reflects.append(
                "Dashboard proposal #\(approved.id) “\(approved.title)”, approved \(approved.approvedAt?.day.iso ?? "") by \(signatureText(approved.signatures, names: names))"
            )
        } else {
            reflects.append("No dashboard specification approved yet: phase 3 waits on its signatures")
        }
        for pending in dashboards where pending.status == .pending {
            reflects.append(
                "Dashboard proposal #\(pending.id) “\(pending.title)” is pending: signed by \(signatureText(pending.signatures, names: names)); waiting on \(names.functions(pending.missing))"
            )
        }
        let figures = Dictionary((inputs.dashboard?.metrics ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let shared = spec.dashboard.metrics.filter { Set(spec.signingFunctions).isSubset(of: $0.owners) }
        let rows = spec.dashboard.metrics.map { metric -> [String] in
            let figure = figures[metric.id]
            return [
                metric.name, MetricCatalog.definitions[metric.id] ?? "", names.functions(metric.owners), metric.refresh.rawValue,
                figure.map { $0.display + ($0.note.isEmpty ? "" : " (\($0.note))") } ?? "not computed",
            ]
        }
        let sections = [
            Section(
                "Shared metrics",
                [
                    .paragraph(
                        "\(Format.count(shared.count)) of \(Format.count(spec.dashboard.metrics.count)) metrics are owned by all of \(names.functions(spec.signingFunctions)): no one function can move them alone. Figures as of \(inputs.asOf.iso)."
                    ),
                    .table(Table(headers: ["Metric", "Definition", "Owners", "Refresh", "Now"], rows: rows)),
                ]),
            Section(
                "Economics",
                [
                    .list(
                        ["Gross margin for CLV: \(Format.percent(spec.dashboard.grossMargin))"]
                            + spec.dashboard.acquisitionCostCents.sorted { $0.key < $1.key }.map {
                                "Cost of winning one \($0.key)-sourced client: \(Format.dollars(cents: $0.value))"
                            })
                ]),
        ]
        return Artifact(kind: .dashboardSpec, organization: spec.organization, asOf: inputs.asOf, reflects: reflects, sections: sections)
    }

    /// The four, in the order the program produces them.
    public static func all(_ inputs: ArtifactInputs) -> [Artifact] {
        Kind.allCases.map { build($0, inputs) }
    }

    public static func build(_ kind: Kind, _ inputs: ArtifactInputs) -> Artifact {
        switch kind {
        case .outcomeModel: outcomeModel(inputs)
        case .handoffSLAs: handoffSLAs(inputs)
        case .dataDictionary: dataDictionary(inputs)
        case .dashboardSpec: dashboardSpec(inputs)
        }
    }
}
