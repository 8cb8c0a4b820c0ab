/// A trained model as a file (`accord link --save-model`), with the comparisons it was trained
/// for, so a later run (`--model`) scores new files with it only when its settings compare the
/// same columns at the same levels.
public enum SavedLinkageModel {
    public static let format = 1

    public static func text(_ model: LinkageModel, settings: LinkageSettings) -> String {
        let comparisons = settings.comparisons.enumerated().map { index, comparison -> JSONValue in
            [
                "column": .string(comparison.column), "levels": .array(comparison.levels.map { .string($0.description) }),
                "m": .array(model.m[index].map { .number($0) }), "u": .array(model.u[index].map { .number($0) }),
            ]
        }
        let value: JSONValue = [
            "format": .number(Double(format)), "link_type": .string(settings.linkType.rawValue), "lambda": .number(model.lambda),
            "comparisons": .array(comparisons),
        ]
        return value.canonicalText + "\n"
    }

    /// The model in `text`, checked against the settings it is to score with.
    public static func read(_ text: String, settings: LinkageSettings) throws(LinkageError) -> LinkageModel {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw LinkageError(description: "the model file is not JSON (\(error)); write it with accord link --save-model")
        }
        guard value["format"]?.numberValue == Double(format) else {
            throw LinkageError(description: "the model file is not a format-\(format) accord model; write it again with accord link --save-model")
        }
        guard let lambda = value["lambda"]?.numberValue, lambda > 0, lambda < 1, case .array(let entries)? = value["comparisons"] else {
            throw LinkageError(description: "the model file has no prior (lambda) or comparisons; write it again with accord link --save-model")
        }
        let saved = entries.map { entry in
            (entry["column"]?.stringValue ?? "?", (entry["levels"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        let wanted = settings.comparisons.map { ($0.column, $0.levels.map(\.description)) }
        guard saved.map({ "\($0.0): \($0.1.joined(separator: ", "))" }) == wanted.map({ "\($0.0): \($0.1.joined(separator: ", "))" }) else {
            throw LinkageError(
                description:
                    "the model was trained for comparisons \(saved.map { "\($0.0) [\($0.1.joined(separator: ", "))]" }.joined(separator: "; ")), the settings have \(wanted.map { "\($0.0) [\($0.1.joined(separator: ", "))]" }.joined(separator: "; ")); train a model for these settings"
            )
        }
        var m: [[Double]] = []
        var u: [[Double]] = []
        for (index, entry) in entries.enumerated() {
            let count = settings.comparisons[index].levels.count + 1
            let mm = (entry["m"]?.arrayValue ?? []).compactMap(\.numberValue)
            let uu = (entry["u"]?.arrayValue ?? []).compactMap(\.numberValue)
            guard mm.count == count, uu.count == count, (mm + uu).allSatisfy({ $0 > 0 && $0 <= 1 }) else {
                throw LinkageError(
                    description: "the model's m and u for \(settings.comparisons[index].column) need \(count) probabilities each, above 0 and at most 1")
            }
            m.append(mm)
            u.append(uu)
        }
        return LinkageModel(lambda: lambda, m: m, u: u)
    }
}
