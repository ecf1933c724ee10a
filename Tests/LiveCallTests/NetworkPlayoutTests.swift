import CallFixtures
import Foundation
@testable import LiveCall
import Session
import Testing
import TestSupport

/// Bad networks on a virtual clock (issue 10): the impatient caller through the live media path
/// (`NetworkPlayout`: PCMU RTP, seeded impaired link, jitter buffer, decoder, concealment) and
/// the live session, over many seeds — what the real-time test (`ImpairedNetworkCallTests`)
/// shows for one seed, here for every seed of a sweep, in seconds and deterministically.
///
/// The network is the issue's: 10 % loss, 5 % reorder, 1 % duplicates, 0–30 ms jitter. Each
/// seed's call must go as the clean call does (outcome, states, prompts with their style, each
/// turn's emotion, digits), and the engine's loss and duplicate counters must say what the link
/// did. `IVR_IMPAIRED_SEEDS=N` widens the sweep (default 12 seeds); `IVR_IMPAIRED_IGNORE_CONCEALMENT=1`
/// plays concealed hops as heard audio, as the engine did before it knew them (for measuring
/// what knowing them is worth; the test then reports rather than fails).
@Suite struct NetworkPlayoutTests {
    static let fixture = "calls/impatient-caller"

    static func network(seed: UInt64) -> NetworkImpairment {
        NetworkImpairment(lossRate: 0.10, duplicateRate: 0.01, reorderRate: 0.05, jitterMs: 30, seed: seed)
    }

    struct Call {
        var record: CallRecord
        var media: MediaStatistics
        var link: ImpairedLink<[UInt8]>.Counts
    }

    static func call(_ network: NetworkImpairment, script: CallScript, samples: [Float], voice: VoiceCatalog.Voice,
                     ignoreConcealment: Bool = false) throws -> Call {
        var playout = try NetworkPlayout(samples: samples, network: network)
        playout.ignoresConcealment = ignoreConcealment
        let result = try CallReplayer.replay(caller: &playout, rate: .narrowband, brand: voice.brand, voiceID: voice.id,
                                             prompts: voice.prompts, keepAudio: false)
        return Call(record: result.record, media: playout.media.statistics, link: playout.counts)
    }

    @Test func theCallGoesAsTheCleanCallOnEverySeedAndTheCountersSayWhatTheNetworkDid() throws {
        let env = ProcessInfo.processInfo.environment
        let seeds = UInt64(env["IVR_IMPAIRED_SEEDS"].flatMap(Int.init) ?? 12)
        let ignoreConcealment = env["IVR_IMPAIRED_IGNORE_CONCEALMENT"] == "1"
        let script = try CallScriptRenderer.load(path: Paths.audioFixtures.appendingPathComponent("\(Self.fixture).yaml").path)
        let samples = try TestWAV.read(Paths.audioFixtures.appendingPathComponent("\(Self.fixture).wav")).samples
        let voice = try VoiceCatalog(root: Paths.repoRoot.path, rateHz: 8000).voice(script.voice)

        let clean = try Self.call(NetworkImpairment(seed: 0), script: script, samples: samples, voice: voice)
        #expect(ExpectationCheck.differences(clean.record, script.expect).isEmpty,
                "the clean call is not the call the fixture describes: \(ExpectationCheck.differences(clean.record, script.expect))")
        #expect(clean.media.packetsLost == 0 && clean.media.packetsDuplicated == 0 && clean.media.concealedHops == 0,
                "\(clean.media)")

        var same = 0, differing: [String] = []
        for seed in 1...seeds {
            let network = Self.network(seed: seed)
            let c = try Self.call(network, script: script, samples: samples, voice: voice, ignoreConcealment: ignoreConcealment)
            let r = c.record, k = clean.record
            let matches = r.outcome == k.outcome && r.statesVisited == k.statesVisited
                && r.prompts.map(\.key) == k.prompts.map(\.key) && r.prompts.map(\.style) == k.prompts.map(\.style)
                && r.turnLabels == k.turnLabels && r.digits == k.digits
            if matches {
                same += 1
            } else {
                differing.append("seed \(seed): labels \(r.turnLabels), states \(r.statesVisited), outcome \(r.outcome.rawValue)")
            }
            // Loss and duplicates as the link made them, whatever the concealment did.
            #expect(abs(c.media.packetsLost - c.link.dropped) <= 1, "seed \(seed): engine lost \(c.media.packetsLost), link \(c.link)")
            #expect(abs(c.media.packetsDuplicated - c.link.duplicated) <= 1,
                    "seed \(seed): engine duplicates \(c.media.packetsDuplicated), link \(c.link)")
            #expect(c.media.packetsReceived == c.link.sent, "seed \(seed): \(c.media), link \(c.link)")
            #expect(c.media.concealedHops > 0, "seed \(seed): 10 % loss conceals something")
        }
        print("network playout (\(Self.network(seed: 1)), seeds 1–\(seeds)\(ignoreConcealment ? ", concealment played as heard" : "")): "
              + "\(same) of \(seeds) calls as the clean call (labels \(clean.record.turnLabels))"
              + differing.map { "\n  \($0)" }.joined())
        if !ignoreConcealment {
            #expect(differing.isEmpty, "\(differing.count) of \(seeds) seeds change the call:\n\(differing.joined(separator: "\n"))")
        }
    }
}
