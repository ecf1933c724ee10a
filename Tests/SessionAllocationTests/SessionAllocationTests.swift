import AudioCore
import BrandConfig
import Foundation
import MallocCounter
import Session
import Testing
import TestSupport

/// The call session's hop allocates nothing in steady state: a whole fixture call (prompts
/// playing, the caller talking, barge-ins, timers, the echo canceller fed with the engine's
/// output) through `CallSession.hop`, counting this thread's mallocs per hop. Hops in which the
/// call did something (the dialogue was handed an event: a turn started or ended, a key, a timer,
/// a prompt finished; or an action came out) may allocate — their records are new values; every
/// other hop must not.
@Suite struct SessionAllocationTests {
    @Test func aHopWithNothingToDoAllocatesNothing() throws {
        let (brand, _) = try BrandRepository(root: Paths.repoRoot.path).load(voice: "claims-24x7")
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot.appendingPathComponent("prompts/claims"),
                                        ratesHz: [8000])
        let caller = try TestWAV.read(Paths.audioFixtures.appendingPathComponent("calls/irritated-caller.wav")).samples
        let session = try CallSession(brand: brand, rate: .narrowband, prompts: library)
        var actions: [CallAction] = []
        actions.reserveCapacity(64)
        session.start(into: &actions)
        var engine = [Float](repeating: 0, count: 80)
        var quietHops = 0, quietAllocations = 0, busyHops = 0, speakingQuietHops = 0
        let warmUp = 300
        try caller.withUnsafeBufferPointer { all in
            for h in 0..<(all.count / 80) where !session.isOver {
                actions.removeAll(keepingCapacity: true)
                let eventsBefore = session.dialogueEventCount
                let hop = UnsafeBufferPointer(rebasing: all[h * 80..<(h + 1) * 80])
                ivr_malloc_counter_start()
                session.callerArrived(hop, into: &actions)  // the fast barge-in path, as a replay drives it
                engine.withUnsafeMutableBufferPointer { session.hop(caller: hop, engine: $0, into: &actions) }
                let n = ivr_malloc_counter_stop()
                guard h >= warmUp else { continue }
                if actions.isEmpty && session.dialogueEventCount == eventsBefore {
                    quietHops += 1
                    quietAllocations += n
                    if session.isAudible { speakingQuietHops += 1 }
                } else {
                    busyHops += 1
                }
                // Carry out renders at once, as replay does (off the counted window).
                for case .render(let r) in actions {
                    session.promptRendered(r.id, audio: try library.render(r.utterance, rateHz: 8000), into: &actions)
                }
            }
        }
        print("session: \(quietHops) steady hops (\(speakingQuietHops) while a prompt played), \(quietAllocations) allocations; "
              + "\(busyHops) hops with actions")
        #expect(quietHops > 5000)
        #expect(speakingQuietHops > 1000)
        #expect(quietAllocations == 0)
    }
}
