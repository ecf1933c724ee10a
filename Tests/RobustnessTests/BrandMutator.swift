import AudioCore
import Foundation
import TestSupport

/// Seeded mutations of the shipped brand files (a voice, its prompt set, its flow): lines
/// deleted, duplicated, swapped, re-indented or cut; values replaced by hostile or plausible
/// ones; names swapped for other names of the file; characters YAML cares about inserted;
/// lines a brand team might add.
struct BrandMutator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static let hostileValues = [
        "", "~", "1e30", "-1", "0", ".nan", ".inf", "[a, b]", "{x: 1}", "&a [x]", "*a", "\"\"", "yes", "'9'",
        "99999999999999999999", "ü̈ñ", String(repeating: "x", count: 600), "|", "!!binary AAAA", "1", "\"#\"", "\"5\"",
        "none", "null", "[]", "{}", "- x", "\"\\u0000\"", "2.5", "0x10", "+7", "-0", "\"*\"",
    ]

    static let addedLines = [
        "    next: greeting", "    input: dtmf", "  loop_a: {next: loop_b}", "  loop_b: {next: loop_a}", "    finishKey: \"5\"",
        "    digits: {1: goodbye, \"1\": goodbye}", "    say: [greeting, greeting]", "  extra_state: {say: nope}",
        "languages: [en, xx]", "    audio: audio/none.wav", "    maxNoInput: 0", "    noInputTimeoutSec: 0.1",
        "  ? [a, b]\n  : {next: greeting}", "x: &a [1, 2]\ny: [*a, *a, *a]", "    human: false", "    extras: true",
        "    language: ru", "    bargeIn: false", "  greeting: {say: greeting}", "    transfer: \"\"", "    hangup: failed",
        "    onNoInput: nowhere", "    store: rx", "    emotionRules: [{when: irritated, inARow: 1, goto: greeting}]",
    ]

    /// Mutates one of `files` (relative paths → text) 1–3 times; returns the file changed and what was done.
    mutating func mutate(_ files: inout [String: String]) -> (file: String, what: [String]) {
        let file = pick(files.keys.sorted())
        var lines = files[file]!.components(separatedBy: "\n")
        var what: [String] = []
        for _ in 0..<int(1...3) where !lines.isEmpty {
            let i = int(0...(lines.count - 1))
            switch int(0...11) {
            case 0:
                what.append("delete line \(i + 1)")
                lines.remove(at: i)
            case 1:
                what.append("duplicate line \(i + 1)")
                lines.insert(lines[i], at: i)
            case 2 where i + 1 < lines.count:
                what.append("swap lines \(i + 1), \(i + 2)")
                lines.swapAt(i, i + 1)
            case 3, 4:
                guard let colon = lines[i].range(of: ": ") else { continue }
                let value = pick(Self.hostileValues)
                what.append("line \(i + 1) value → \(value.prefix(20))")
                lines[i] = String(lines[i][..<colon.upperBound]) + value
            case 5:
                // A plausible number where a number is.
                guard let colon = lines[i].range(of: ": "), Double(lines[i][colon.upperBound...].split(separator: " ").first ?? "") != nil else { continue }
                let value = String(int(-20...500))
                what.append("line \(i + 1) number → \(value)")
                lines[i] = String(lines[i][..<colon.upperBound]) + value
            case 6:
                what.append("indent line \(i + 1)")
                lines[i] = int(0...1) == 0 ? "  " + lines[i] : String(lines[i].drop { $0 == " " }.prefix(lines[i].count))
            case 7:
                // Another name of the file in place of a name (a state, a line, a variant).
                // Sorted: a Set's order changes from process to process, and the mutants must not.
                let names = Set(lines.compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0 == "_" } }).sorted()
                guard let colon = lines[i].range(of: ": "), !names.isEmpty else { continue }
                let name = pick(names)
                what.append("line \(i + 1) value → name \(name)")
                lines[i] = String(lines[i][..<colon.upperBound]) + name
            case 8:
                let added = pick(Self.addedLines)
                what.append("insert '\(added.prefix(30))' at \(i + 1)")
                lines.insert(added, at: i)
            case 9:
                what.append("cut after line \(i + 1)")
                lines = Array(lines.prefix(i + 1))
            case 10:
                let chars: [Character] = [":", "-", "#", "\"", "'", "[", "{", "\t", "&", "*", "!", "%", "@", "`", "|", ">"]
                guard !lines[i].isEmpty else { continue }
                var line = Array(lines[i])
                let c = pick(chars)
                line[int(0...(line.count - 1))] = c
                what.append("line \(i + 1) char → \(c)")
                lines[i] = String(line)
            default:
                what.append("deep nesting at \(i + 1)")
                lines.insert("deep: " + String(repeating: "[", count: int(20...3000)), at: i)
            }
        }
        files[file] = lines.joined(separator: "\n")
        return (file, what)
    }
}
