public import AccordCore

extension Instant {
    /// The system clock, to the millisecond.
    public static var now: Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

extension Day {
    /// The current UTC day from the system clock.
    public static var today: Day {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Day(Int(spec.tv_sec / 86_400))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
