import AccordCore
import ArgumentParser
import Foundation

/// A failure the user can act on: printed as one `error:` line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Console {
    /// Unbuffered, so lines keep their order with standard error and reach a pipe at once.
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Progress on standard error: redrawn in place on a terminal, a line per quarter otherwise.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastQuarter = -1

    init(_ label: String) { self.label = label }

    func update(_ done: Int, of total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let percent = total == 0 ? 100 : done * 100 / total
        if Console.stderrIsTerminal {
            FileHandle.standardError.write(Data("\r\(label) \(Format.count(done)) of \(Format.count(total)) (\(percent)%)\u{1B}[K".utf8))
            if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if percent / 25 > lastQuarter {
            lastQuarter = percent / 25
            Console.error("\(label) \(Format.count(done)) of \(Format.count(total)) (\(percent)%)")
        }
    }
}

/// Runs a command body, turning known failures into one line on standard error and exit 1.
func reportingErrorsSync(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        Console.error("error: \(error.description)")
        throw ExitCode.failure
    }
}

/// Values of a repeated option from a closed set, each checked with the allowed ones in the error.
func choices<T: RawRepresentable & CaseIterable>(_ texts: [String], option: String, _ type: T.Type) throws -> [T] where T.RawValue == String {
    try texts.map { text in
        guard let value = T(rawValue: text) else { throw CLIError("--\(option) '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") }
        return value
    }
}

func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        Console.error("error: \(error.description)")
        throw ExitCode.failure
    }
}
