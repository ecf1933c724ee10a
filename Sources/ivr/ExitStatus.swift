import ArgumentParser
import Foundation

/// The one exit-status scheme of every `ivr` command (README "Exit status").
enum ExitStatus {
    /// Done; for `voices lint`, no errors (warnings allowed).
    static let success: Int32 = 0
    /// Bad input or a failed check: a file that cannot be used, lint errors, a replay that
    /// differs from its manifest.
    static let failure: Int32 = 1
    /// The command line itself is wrong: unknown option, missing argument, bad option value.
    static let usage: Int32 = 2

    static func status(for error: Error) -> Int32 {
        if error is CLIError { return failure }
        let code = IVR.exitCode(for: error).rawValue
        switch code {
        case ExitCode.success.rawValue: return success
        case ExitCode.validationFailure.rawValue: return usage
        default: return code == 0 ? success : failure
        }
    }

    /// A file name that starts with '-' is read as options (`-hello.wav` even asks for help);
    /// say how to name it instead of guessing.
    static func dashFileProblem(_ arguments: [String]) -> String? {
        for arg in arguments {
            if arg == "--" { return nil }
            guard arg.hasPrefix("-"), !arg.hasPrefix("--"), arg.count > 2,
                  FileManager.default.fileExists(atPath: arg) else { continue }
            return "'\(arg)' starts with '-', so it would be read as options; to name the file, write "
                + "'./\(arg)' or put '--' before it"
        }
        return nil
    }
}
