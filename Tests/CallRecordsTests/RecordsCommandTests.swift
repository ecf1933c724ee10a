import Foundation
import Testing
import TestSupport

/// `ivr replay --record` and `ivr records` as a user runs them: the stored call prints the same
/// transcript and the same JSON record as the replay itself.
@Suite struct RecordsCommandTests {
    @Test func aRecordedReplayShowsTheSameTranscriptAndJSON() throws {
        let db = try Paths.temporaryDirectory("records-cli").appendingPathComponent("r.sqlite").path
        let audio = Paths.audioFixtures.appendingPathComponent("calls/irritated-caller.wav").path
        let replayText = try IVRExecutable.run(["replay", audio, "--voice", "claims-24x7", "--record", "sqlite:\(db)"])
        #expect(replayText.status == 0, "\(replayText.stderr)")
        let replayJSON = try IVRExecutable.run(["replay", audio, "--voice", "claims-24x7", "--format", "json"])

        let list = try IVRExecutable.run(["records", "list", "--records", db, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let calls = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(calls.count == 1)
        let id = try #require(calls.first?["id"] as? String)
        #expect(calls.first?["outcome"] as? String == "transferred" && calls.first?["codec"] as? String == "replay")

        let text = try IVRExecutable.run(["records", "show", id, "--records", db])
        #expect(text.status == 0 && text.stdout == replayText.stdout)
        let json = try IVRExecutable.run(["records", "show", id, "--records", db, "--format", "json"])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let record = try JSONSerialization.data(withJSONObject: try #require(shown["record"]), options: [.sortedKeys])
        let replayed = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(replayJSON.stdout.utf8)),
                                                  options: [.sortedKeys])
        #expect(record == replayed)

        let filtered = try IVRExecutable.run(["records", "list", "--records", db, "--outcome", "completed"])
        #expect(filtered.status == 0 && filtered.stdout.isEmpty)
        let missing = try IVRExecutable.run(["records", "show", "no-such-call", "--records", db])
        #expect(missing.status == 1 && missing.stderr.contains("no call no-such-call"))
    }
}
