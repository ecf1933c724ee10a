import ArgumentParser
import CallRecords
import Foundation
import Session

/// `ivr records`: the calls `ivr serve` (and `ivr replay --record`) kept (README "Call records").
struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show the call records `ivr serve` keeps (README \"Call records\").",
        subcommands: [RecordsList.self, RecordsShow.self])
}

/// Where the records are: shared by `ivr records list` and `show`.
struct RecordsOptions: ParsableArguments {
    @Option(help: "The records store: sqlite:PATH or a plain path.", completion: .file())
    var records = "records.sqlite"

    /// Opens the existing store (never creates one).
    func store() throws -> any CallRecordStore {
        do { return try CallRecordsURL(records).open(create: false) } catch { throw CLIError(error.description) }
    }
}

struct RecordsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The calls, oldest first: one line each.")

    @Option(help: "Only calls started at or after this time (ISO 8601, e.g. 2026-12-02T04:00:00Z).")
    var since: String?
    @Option(help: "Only calls with this outcome: \(CallOutcome.allCases.map(\.rawValue).joined(separator: ", ")).")
    var outcome: String?
    @Option(help: "text (one line per call) or json.") var format: OutputFormat = .text
    @OptionGroup var options: RecordsOptions

    func run() throws {
        let sinceDate = try since.map { text in
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw CLIError("--since \(text): not an ISO 8601 time; write e.g. 2026-12-02T04:00:00Z")
            }
            return date
        }
        let outcomeValue = try outcome.map { text in
            guard let o = CallOutcome(rawValue: text) else {
                throw CLIError("--outcome \(text): use one of \(CallOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return o
        }
        let calls: [StoredCall]
        do { calls = try options.store().calls(since: sinceDate, outcome: outcomeValue) } catch let e as CallRecordsError {
            throw CLIError(e.description)
        }
        switch format {
        case .json: print(try ReportJSON.encode(calls))
        case .text: for call in calls { print(RecordsText.line(call)) }
        }
    }
}

struct RecordsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One call: its transcript or JSON record.")

    @Argument(help: "The call's id (as `ivr records list` prints it).") var id: String
    @Option(help: "text (the transcript, as `ivr replay` prints it) or json (the row and the record).")
    var format: OutputFormat = .text
    @OptionGroup var options: RecordsOptions

    struct Shown: Encodable {
        var call: StoredCall
        var record: CallRecord
    }

    func run() throws {
        let found: (StoredCall, CallRecord)?
        do { found = try options.store().call(id: id) } catch let e as CallRecordsError { throw CLIError(e.description) }
        guard let (call, record) = found else { throw CLIError("\(options.records): no call \(id) (ivr records list shows the ids)") }
        switch format {
        case .json: print(try ReportJSON.encode(Shown(call: call, record: record)))
        case .text: print(record.transcript())
        }
    }
}

enum RecordsText {
    static func line(_ c: StoredCall) -> String {
        let started = ISO8601DateFormatter().string(from: c.startedAt)
        let how = c.state == .inProgress ? "in progress" : (c.outcome?.rawValue ?? "?")
        let duration = c.durationSec.map { String(format: "%.2f s", $0) } ?? "–"
        return [c.id, started, c.engine.isEmpty ? "–" : c.engine, c.voice, c.codec, c.callerID ?? "–", how, duration, c.reason ?? ""].joined(separator: "  ")
    }
}
