import Session
import Testing

private func pull(_ player: inout PromptPlayer, _ hop: inout [Float]) -> PromptPlayer.HopReport {
    hop.withUnsafeMutableBufferPointer { player.nextHop(into: $0) }
}

@Suite struct PromptPlayerTests {
    @Test func playsQueuedItemsBackToBackThenSilence() {
        var player = PromptPlayer(hopSamples: 4)
        player.enqueue(.init(id: 1, samples: [1, 1, 1, 1, 1, 1]))
        player.enqueue(.init(id: 2, samples: [2, 2]))
        var hop = [Float](repeating: 9, count: 4)
        #expect(pull(&player, &hop) == .init(started: true, finished: 0))
        #expect(hop == [1, 1, 1, 1])
        #expect(pull(&player, &hop) == .init(started: true, finished: 2))
        #expect(hop == [1, 1, 2, 2])
        #expect(pull(&player, &hop) == .init(started: false, finished: 0))
        #expect(hop == [0, 0, 0, 0])
        #expect(!player.isPlaying)
    }

    @Test func stopFlushesEverythingSoNoStaleAudioFollows() {
        var player = PromptPlayer(hopSamples: 2)
        player.enqueue(.init(id: 1, samples: [1, 1, 1, 1]))
        player.enqueue(.init(id: 2, samples: [2, 2]))
        var hop = [Float](repeating: 0, count: 2)
        _ = pull(&player, &hop)
        #expect(player.stop() == [1, 2])
        #expect(pull(&player, &hop) == .init())
        #expect(hop == [0, 0])
    }

    /// A line still being rendered holds its place: silence until its audio arrives, and the
    /// line queued behind it does not jump ahead.
    @Test func anItemWaitingForItsAudioHoldsTheQueue() {
        var player = PromptPlayer(hopSamples: 2)
        player.enqueue(.init(id: 1, samples: nil))
        player.enqueue(.init(id: 2, samples: [2, 2]))
        var hop = [Float](repeating: 9, count: 2)
        #expect(pull(&player, &hop) == .init())
        #expect(hop == [0, 0])
        #expect(player.isPlaying && !player.isAudible)
        let filled = player.fill(id: 1, samples: [1, 1, 1])
        #expect(filled)
        #expect(pull(&player, &hop) == .init(started: true, finished: 0))
        #expect(hop == [1, 1])
        #expect(pull(&player, &hop) == .init(started: true, finished: 1))
        #expect(hop == [1, 2])
        let filledUnknown = player.fill(id: 7, samples: [1])
        #expect(!filledUnknown)
    }
}

@Suite struct TimerScheduleTests {
    @Test func firesDueTimersInOrderOnceAndHonoursCancelAndRearm() {
        var timers = TimerSchedule<String>()
        timers.start("noInput", at: 5)
        timers.start("interDigit", at: 2)
        timers.start("other", at: 9)
        #expect(timers.due(at: 1.99).isEmpty)
        #expect(timers.due(at: 5) == ["interDigit", "noInput"])
        #expect(timers.due(at: 6).isEmpty)
        timers.cancel("other")
        timers.start("noInput", at: 7)
        timers.start("noInput", at: 8)  // re-arming replaces the deadline
        #expect(timers.due(at: 7.5).isEmpty)
        #expect(timers.due(at: 20) == ["noInput"])
    }
}
