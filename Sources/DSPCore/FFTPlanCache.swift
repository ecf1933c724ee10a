import CFFTW
import Foundation

/// How much time FFTW may spend choosing an algorithm when a size is first planned.
public enum FFTPlanningEffort: Sendable {
    /// Heuristic plan in microseconds; transforms somewhat slower.
    case estimate
    /// Times candidate algorithms (tens of ms for the first plan of a size, far less with wisdom).
    case measure

    var fftwFlag: UInt32 {
        switch self {
        case .estimate: return UInt32(FFTW_ESTIMATE)
        case .measure: return UInt32(FFTW_MEASURE)
        }
    }
}

/// The process-wide owner of FFTW plans.
///
/// FFTW's planner and its wisdom are global, non-thread-safe state: every plan creation, wisdom
/// import and export goes through the one lock here. Plans are created once per size (forward
/// and inverse) and kept for the life of the process; `fftwf_execute_dft_*` with caller-owned
/// arrays is thread-safe, so any number of `RealFFT` instances share them. (`NSLock` rather than
/// `Synchronization.Mutex` because the package still builds for macOS 13.)
public final class FFTPlanCache: @unchecked Sendable {
    public static let shared = FFTPlanCache()

    struct Plans {
        let forward: fftwf_plan
        let inverse: fftwf_plan
    }

    private let lock = NSLock()
    private var plans: [Int: Plans] = [:]

    private init() {}

    /// Forward (r2c) and inverse (c2r) plans for real transforms of `size`; planned on first use.
    /// The first request for a size decides its planning effort.
    func plans(size: Int, effort: FFTPlanningEffort) throws -> Plans {
        lock.lock()
        defer { lock.unlock() }
        if let cached = plans[size] { return cached }
        // Planning with MEASURE overwrites the arrays, so plan on scratch arrays of the same
        // (fftwf_malloc) alignment as every RealFFT's own buffers.
        guard let real = fftwf_alloc_real(size), let complex = fftwf_alloc_complex(size / 2 + 1) else {
            throw DSPCoreError.planCreationFailed(size: size)
        }
        defer { fftwf_free(real); fftwf_free(complex) }
        let n = Int32(size)
        guard let forward = fftwf_plan_dft_r2c_1d(n, real, complex, effort.fftwFlag) else {
            throw DSPCoreError.planCreationFailed(size: size)
        }
        guard let inverse = fftwf_plan_dft_c2r_1d(n, complex, real, effort.fftwFlag) else {
            fftwf_destroy_plan(forward)
            throw DSPCoreError.planCreationFailed(size: size)
        }
        let made = Plans(forward: forward, inverse: inverse)
        plans[size] = made
        return made
    }

    /// FFTW's accumulated wisdom as text, to be saved and imported at the next start so that
    /// `.measure` planning takes microseconds instead of tens of milliseconds.
    public func exportWisdom() -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let text = fftwf_export_wisdom_to_string() else { return "" }
        defer { free(text) }
        return String(cString: text)
    }

    /// Imports wisdom from `exportWisdom()`; call before the first `RealFFT` of a size is made.
    public func importWisdom(_ wisdom: String) throws {
        lock.lock()
        defer { lock.unlock() }
        guard fftwf_import_wisdom_from_string(wisdom) != 0 else { throw DSPCoreError.invalidWisdom }
    }
}
