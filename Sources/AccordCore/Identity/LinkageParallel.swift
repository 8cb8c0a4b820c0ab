import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Comparing pairs is most of a large run's time, and each pair is compared on its own, so the
/// pairs are split into one run per core. Results come back in the order of the parts, so
/// everything built from them stays the same from run to run.
public enum LinkageParallel {
    public static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Below this many items a part is not worth a thread.
    static let smallestPart = 20_000

    static func map<T>(_ count: Int, _ body: (Range<Int>) -> T) -> [T] {
        let parts = max(1, min(cores, count / smallestPart))
        guard parts > 1 else { return [body(0..<count)] }
        return each(parts) { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
    }

    /// `body` for each of `count` independent jobs, as many at once as there are cores; the
    /// results in the jobs' order.
    public static func each<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1, cores > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { job in slots[job] = work(job) }
        }
        return results.map { $0! }
    }
}
