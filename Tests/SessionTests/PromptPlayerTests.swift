import Session
import Testing

@Suite struct PromptPlayerTests {
    @Test func playsQueuedItemsBackToBackThenSilence() {
        var player = PromptPlayer(hopSamples: 4)
        player.enqueue(.init(id: 1, samples: [1, 1, 1, 1, 1, 1]))
        player.enqueue(.init(id: 2, samples: [2, 2]))
        var hop = [Float](repeating: 9, count: 4)
        #expect(player.nextHop(into: &hop) == [.started(id: 1)])
        #expect(hop == [1, 1, 1, 1])
        #expect(player.nextHop(into: &hop) == [.finished(id: 1), .started(id: 2), .finished(id: 2)])
        #expect(hop == [1, 1, 2, 2])
        #expect(player.nextHop(into: &hop).isEmpty)
        #expect(hop == [0, 0, 0, 0])
        #expect(!player.isPlaying)
    }

    @Test func stopFlushesEverythingSoNoStaleAudioFollows() {
        var player = PromptPlayer(hopSamples: 2)
        player.enqueue(.init(id: 1, samples: [1, 1, 1, 1]))
        player.enqueue(.init(id: 2, samples: [2, 2]))
        var hop = [Float](repeating: 0, count: 2)
        _ = player.nextHop(into: &hop)
        #expect(player.stop() == [1, 2])
        #expect(player.nextHop(into: &hop).isEmpty)
        #expect(hop == [0, 0])
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
