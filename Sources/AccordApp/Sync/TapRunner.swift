public import AccordCore
import AccordStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a source's tap as a child process and loads what it writes: its config, state and
/// catalog in files of a folder only this process may read, its stdout read line by line (so
/// memory stays flat however long the stream), its stderr's last lines kept with secrets
/// redacted, and the tap stopped once it passes its timeout or breaks the protocol.
public struct TapRunner: Sendable {
    public let desk: SyncDesk
    public let environment: [String: String]
    /// Where relative paths in the spec (the tap, its config and catalog files) are read from.
    public let folder: String

    public init(desk: SyncDesk, environment: [String: String], folder: String) {
        self.desk = desk
        self.environment = environment
        self.folder = folder
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// One run: `fullRefresh` starts the tap without its state, so every record is read again;
    /// `dryRun` writes nothing. `progress` hears the messages read so far now and then.
    public func run(
        _ id: String, trigger: SyncRun.Trigger, fullRefresh: Bool = false, dryRun: Bool = false, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws
        -> SyncRun
    {
        let (_, sync) = try desk.tapDefinition(id)
        let config = try configText(sync)
        let loader = try await desk.start(id, trigger: trigger, options: SyncDesk.LoadOptions(dryRun: dryRun))
        return try await execute(loader, sync: sync, config: config, fullRefresh: fullRefresh, progress: progress)
    }

    /// Runs the tap of a started run to its end. The config is read before the run starts, so a
    /// missing secret never leaves a run behind.
    public func execute(
        _ loader: SingerLoader, sync: SyncDefinition, config: (text: String, secrets: [String]), fullRefresh: Bool = false,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> SyncRun {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("accord-tap-\(loader.run.source)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: work) }
        var arguments: [String] = []
        let configPath = work.appendingPathComponent("config.json").path
        try write(config.text, to: configPath)
        arguments += ["--config", configPath]
        if !fullRefresh, let state = loader.run.stateBefore {
            let statePath = work.appendingPathComponent("state.json").path
            try write(state.canonicalText, to: statePath)
            arguments += ["--state", statePath]
        }
        guard let program = program(sync.tap[0]) else {
            return try await loader.finish(
                exit: TapExit(
                    code: nil,
                    notStarted:
                        "the tap '\(sync.tap[0])' is not a program on this machine (looked in \(sync.tap[0].contains("/") ? folder : "PATH")); install it or fix sync.tap"
                ))
        }
        if sync.catalogFlag != .none, let catalog = sync.catalogFile {
            if catalog == SyncDefinition.discoverCatalog {
                let discovered = work.appendingPathComponent("catalog.json").path
                do {
                    try discover(program, sync: sync, config: configPath, secrets: config.secrets, into: discovered)
                } catch {
                    return try await loader.finish(exit: TapExit(code: nil, notStarted: error.description))
                }
                arguments += ["--\(sync.catalogFlag.rawValue)", discovered]
            } else {
                arguments += ["--\(sync.catalogFlag.rawValue)", path(catalog)]
            }
        }
        let tail = StderrTail(secrets: config.secrets)
        var exit = try await spawn(program, sync: sync, arguments: arguments, loader: loader, tail: tail, progress: progress)
        // A bookmark older than the tap can read (tap-stripe's events reach back 30 days) is not a
        // failure to repeat every run: the tap runs again at once from its start date.
        if exit.code != 0, !exit.timedOut, !exit.interrupted, exit.protocolProblem == nil, loader.problem == nil, arguments.contains("--state"),
            let phrase = sync.refreshOn.first(where: { tail.text?.contains($0) == true })
        {
            loader.notes.append("the tap's bookmark was older than it can read (\"\(phrase)\"), so it ran again at once from its start date")
            var fresh = arguments
            if let index = fresh.firstIndex(of: "--state") { fresh.removeSubrange(index...index + 1) }
            exit = try await spawn(program, sync: sync, arguments: fresh, loader: loader, tail: tail, progress: progress)
        }
        return try await loader.finish(exit: exit, stderrTail: tail.text, metrics: tail.metrics)
    }

    /// Starts the tap and feeds its stdout to the loader until it exits.
    func spawn(
        _ program: String, sync: SyncDefinition, arguments: [String], loader: SingerLoader, tail: StderrTail, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> TapExit {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(sync.tap.dropFirst()) + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return TapExit(code: nil, notStarted: "cannot start the tap '\(program)': \(error.localizedDescription)")
        }
        let stderrDone = Thread.detach { tail.read(stderr.fileHandleForReading) }
        let timeout = TapTimeout(process: process, seconds: sync.timeoutSeconds)
        // Lines are read on a thread of their own (reads block), at most a few thousand ahead of the loader.
        let lines = TapLines(stdout.fileHandleForReading.fileDescriptor)
        var count = 0
        do {
            for await line in lines.stream {
                _ = try await loader.take(line)
                lines.consumed()
                count += 1
                if count % 10_000 == 0 { progress(count) }
                if loader.problem != nil {
                    process.terminate()
                    lines.drain()
                }
            }
        } catch {
            // A commit failed or the server is stopping: the tap stops too; the run stays open for
            // the next start to end (what it committed is kept).
            process.terminate()
            lines.drain()
            timeout.cancel()
            throw error
        }
        // The server is shutting down: the tap stops; what it committed stays.
        let interrupted = Task.isCancelled
        if interrupted {
            process.terminate()
            lines.drain()
        }
        await Thread.detach { process.waitUntilExit() }.value
        timeout.cancel()
        await stderrDone.value
        var exit = TapExit(code: Int(process.terminationStatus), timedOut: timeout.fired)
        exit.interrupted = interrupted
        return exit
    }

    /// `tap --config C --discover`, with the streams the spec reads selected, written to `file`.
    func discover(_ program: String, sync: SyncDefinition, config: String, secrets: [String], into file: String) throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(sync.tap.dropFirst()) + ["--config", config, "--discover"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("accord-discover-\(UUID().uuidString.prefix(8)).json")
        guard FileManager.default.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot create \(output.path) for the tap's catalog; check that the temporary folder is writable")
        }
        defer { try? FileManager.default.removeItem(at: output) }
        let stderr = Pipe()
        let tail = StderrTail(secrets: secrets)
        do {
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = stderr
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw Failure(description: "cannot start the tap '\(program)' to discover its catalog: \(error.localizedDescription)")
        }
        let timeout = TapTimeout(process: process, seconds: sync.timeoutSeconds)
        tail.read(stderr.fileHandleForReading)
        process.waitUntilExit()
        timeout.cancel()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description:
                    "the tap's --discover exited \(process.terminationStatus)\(timeout.fired ? " (past its timeout)" : ""): \(tail.text?.split(separator: "\n").suffix(3).joined(separator: " | ") ?? "no output")"
            )
        }
        guard let data = FileManager.default.contents(atPath: output.path), let catalog = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) else {
            throw Failure(description: "the tap's --discover printed no JSON catalog")
        }
        do {
            try write(try CatalogSelection.select(catalog, streams: sync.streams.map(\.stream)).canonicalText, to: file)
        } catch let error as FeedError {
            throw Failure(description: error.description)
        } catch {
            throw Failure(description: "cannot write the discovered catalog: \(error)")
        }
    }

    public func configText(_ sync: SyncDefinition) throws -> (text: String, secrets: [String]) {
        if let file = sync.configFile {
            guard let data = FileManager.default.contents(atPath: path(file)) else {
                throw Failure(description: "cannot read the tap's config file \(path(file)); check sync.config_file and its permissions")
            }
            return (String(decoding: data, as: UTF8.self), [])
        }
        let (config, secrets) = try sync.resolvedConfig(environment: environment)
        return (config.canonicalText, secrets)
    }

    /// A name with a slash is a path from the spec's folder; a bare name is looked up in PATH.
    func program(_ name: String) -> String? {
        if name.contains("/") {
            let full = path(name)
            return FileManager.default.isExecutableFile(atPath: full) ? full : nil
        }
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func path(_ name: String) -> String { name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name) }

    func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(path) for the tap")
        }
    }
}

/// A tap's stdout as lines, read on a thread of its own and handed over at most `ahead` at a
/// time, so a fast tap waits for the loader instead of filling memory.
final class TapLines: @unchecked Sendable {
    let stream: AsyncStream<String>
    private let room = NSCondition()
    private var inFlight = 0
    private var draining = false
    private let ahead: Int

    init(_ descriptor: Int32, ahead: Int = 2000) {
        self.ahead = ahead
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.stream = stream
        let thread = Thread {
            var reader = LineReader(descriptor)
            while let line = reader.next() {
                guard self.waitForRoom() else { continue }
                continuation.yield(line)
            }
            continuation.finish()
        }
        thread.start()
    }

    /// Blocks while `ahead` lines wait for the loader; false once reading has stopped.
    private func waitForRoom() -> Bool {
        room.lock()
        defer { room.unlock() }
        while inFlight >= ahead && !draining { room.wait() }
        if draining { return false }
        inFlight += 1
        return true
    }

    /// The loader took one line: room for the next.
    func consumed() {
        room.lock()
        inFlight -= 1
        room.signal()
        room.unlock()
    }

    /// Reading stops: what the tap still writes is read and dropped, so it is not blocked writing.
    func drain() {
        room.lock()
        draining = true
        room.broadcast()
        room.unlock()
    }
}

/// Lines of a file descriptor, read in blocks (a tap's records can be long; none is split).
struct LineReader {
    let descriptor: Int32
    var buffer: [UInt8] = []
    var start = 0
    var ended = false

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var block = [UInt8](repeating: 0, count: 65_536)
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 65_536) }
            if count <= 0 { ended = true } else { buffer += block[0..<count] }
        }
    }
}

/// The last lines of the tap's stderr, with the config's secrets replaced by `***`, and the
/// record counts its METRIC lines give.
final class StderrTail: @unchecked Sendable {
    let secrets: [String]
    private let lock = NSLock()
    private var lines: [String] = []
    private var tally = SingerMetrics()
    static let kept = 40

    init(secrets: [String]) { self.secrets = secrets.filter { $0.count >= 4 } }

    func read(_ handle: FileHandle) {
        var reader = LineReader(handle.fileDescriptor)
        while let line = reader.next() {
            var clean = line
            for secret in secrets { clean = clean.replacingOccurrences(of: secret, with: "***") }
            lock.lock()
            tally.take(line)
            lines.append(String(clean.prefix(2000)))
            if lines.count > Self.kept { lines.removeFirst(lines.count - Self.kept) }
            lock.unlock()
        }
    }

    var metrics: SingerMetrics {
        lock.lock()
        defer { lock.unlock() }
        return tally
    }

    var text: String? {
        lock.lock()
        defer { lock.unlock() }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// Stops the tap once its time is up: SIGTERM, then SIGKILL if it does not go.
final class TapTimeout: @unchecked Sendable {
    private let work: DispatchWorkItem
    private let lock = NSLock()
    private var didFire = false

    init(process: Process, seconds: Int) {
        var fire: (() -> Void)?
        work = DispatchWorkItem { fire?() }
        fire = { [weak self] in
            self?.lock.lock()
            self?.didFire = true
            self?.lock.unlock()
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + 5) { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: work)
    }

    func cancel() { work.cancel() }

    var fired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return didFire
    }
}

extension Thread {
    /// Runs blocking work on a thread of its own; the task waits for it without holding a thread of the pool.
    static func detach(_ work: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let thread = Thread {
            work()
            continuation.finish()
        }
        thread.start()
        return Task { for await _ in stream {} }
    }
}
