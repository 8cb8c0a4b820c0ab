import AccordCore
import Foundation

/// Saved identity models on disk: the spec's `identity.model` and the commands' `--model`.
extension AccountMatcher {
    /// The spec's matcher, or one scoring with the model in `model` when given.
    static func loading(identity: IdentityConfig, model: String?) throws -> AccountMatcher {
        var matcher = AccountMatcher(identity: identity)
        guard let model else { return matcher }
        guard let text = try? String(contentsOfFile: model, encoding: .utf8) else {
            throw CLIError("cannot read the identity model \(model); write one with accord resolve --save-model")
        }
        do { try matcher.use(savedModel: text) } catch { throw CLIError("\(model): \(error.description)") }
        return matcher
    }
}

extension Spec {
    /// Reads the file `identity.model` names (relative to the spec's folder) into the spec and
    /// checks it fits the spec's comparisons; a spec whose model cannot be used is refused whole,
    /// so no import or sync quietly trains its own instead.
    mutating func attachIdentityModel(specPath: String) throws {
        guard let name = identity.model else { return }
        let path = name.hasPrefix("/") ? name : ((specPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError(
                "spec \(specPath): identity.model names \(name), which cannot be read (paths are relative to the spec's folder); write it with 'accord resolve --save-model \(path)' or remove the key"
            )
        }
        identity.modelText = text
        do { try AccountMatcher.checkModel(identity) } catch {
            throw CLIError("spec \(specPath): identity.model \(name): \(error.description)")
        }
    }
}
