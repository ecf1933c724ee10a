import Foundation
import Testing
import TestSupport

@Suite struct VoicesPreviewCommandTests {
    @Test func rendersEveryLineInEveryStyleWithAnIndex() throws {
        let dir = try Paths.temporaryDirectory()
        let r = try IVRExecutable.run(["voices", "preview", "claims-24x7", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let index = try String(contentsOf: dir.appendingPathComponent("index.tsv"), encoding: .utf8)
        let rows = index.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let keys = Set(rows.map { $0[2] })
        let styles = Set(rows.map { $0[3] })
        #expect(styles == ["neutral", "irritated", "anxious", "bored", "cheerful"])
        #expect(rows.count == keys.count * 5)
        for row in rows {
            let file = dir.appendingPathComponent(String(row[0]))
            #expect(FileManager.default.fileExists(atPath: file.path))
            #expect(Double(row[5])! > 0.3, "\(row[0]) is \(row[5]) s")
        }
        // The irritated style says the concise wording, which is shorter, in a slower delivery.
        let mainMenu = rows.filter { $0[2] == "main_menu" }
        let neutral = try #require(mainMenu.first { $0[3] == "neutral" })
        let irritated = try #require(mainMenu.first { $0[3] == "irritated" })
        #expect(irritated[4] == "concise" && neutral[4] == "default")
        #expect(irritated[7] != neutral[7])
        #expect(Double(irritated[5])! < Double(neutral[5])!)
        func wpm(_ row: [Substring]) -> Int? { row[6].split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        #expect(wpm(irritated)! < wpm(neutral)!)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.md").path))
    }

    @Test func unknownVoiceSaysWhichExist() throws {
        let r = try IVRExecutable.run(["voices", "preview", "nope"])
        #expect(r.status != 0 && !r.crashed)
        #expect(r.stderr.contains("nope") && r.stderr.contains("claims-24x7"))
    }
}
