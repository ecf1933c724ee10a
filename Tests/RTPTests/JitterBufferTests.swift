import AudioCore
import Testing
import RTP
import TestSupport

@Suite struct JitterBufferTests {
    @Test("in-order packets play in order, once each, after about the 40 ms target", arguments: [10, 20, 30, 60])
    func steadyStream(ptimeMs: Int) {
        var sim = JitterSimulation()
        let arrivals = JitterSimulation.stream(count: 3000 / ptimeMs, ptimeMs: ptimeMs)
        sim.run(arrivals, untilMs: 3500)
        #expect(sim.playedSequence == arrivals.map(\.packet.sequenceNumber))
        #expect(sim.lostCount == 0)
        #expect(sim.buffer.statistics.lost == 0)
        // The first packet arrives at 30 ms and plays 40 ms later (5 ms ticks).
        if case let .played(_, _, at) = sim.outputs.first { #expect(at == 70) } else { Issue.record("nothing played") }
        #expect(abs(sim.buffer.targetDelayMs - 40) < 0.01)
        #expect(sim.countersConsistent)
    }

    @Test("reordered packets come out in sequence order")
    func reorder() {
        var sim = JitterSimulation()
        // Packets 10 and 11 swap (11 arrives 5 ms before 10); 30 arrives 35 ms late (inside the
        // 40 ms target), after 31.
        let arrivals = JitterSimulation.stream(count: 100, ptimeMs: 20) { i in
            i == 10 ? 25 : (i == 30 ? 35 : 0)
        }
        sim.run(arrivals, untilMs: 2500)
        #expect(sim.playedSequence == arrivals.map(\.packet.sequenceNumber))
        #expect(sim.lostCount == 0)
        #expect(sim.buffer.statistics.late == 0)
    }

    @Test("duplicates are dropped and counted, before and after the original plays")
    func duplicates() {
        var sim = JitterSimulation()
        var arrivals = JitterSimulation.stream(count: 50, ptimeMs: 20)
        var early = arrivals[5]; early.atMs += 1       // while the original is still buffered
        var after = arrivals[6]; after.atMs += 200     // long after the original played
        arrivals += [early, after]
        sim.run(arrivals, untilMs: 1500)
        #expect(sim.playedSequence == JitterSimulation.stream(count: 50, ptimeMs: 20).map(\.packet.sequenceNumber))
        #expect(sim.buffer.statistics.duplicates == 2)
        #expect(sim.insertOutcomes[arrivals[5].packet.sequenceNumber] == [.accepted, .duplicate])
        #expect(sim.insertOutcomes[arrivals[6].packet.sequenceNumber] == [.accepted, .duplicate])
        #expect(sim.countersConsistent)
    }

    @Test("a lost packet is reported once, at its timestamp, with the next packet for FEC")
    func lossWithNextPacket() {
        var sim = JitterSimulation()
        var arrivals = JitterSimulation.stream(count: 50, ptimeMs: 20)
        let lost = arrivals.remove(at: 20).packet
        sim.run(arrivals, untilMs: 1500)
        let losses = sim.outputs.filter(\.isLost).prefix(sim.lostCount)
        #expect(losses.count == 1)
        #expect(losses.first == .lost(ts: lost.timestamp, samples: 160, nextTs: lost.timestamp + 160,
                                      atMs: losses.first.map { if case let .lost(_, _, _, at) = $0 { at } else { 0 } } ?? 0))
        #expect(sim.buffer.statistics.lost == 1)
        #expect(sim.playedSequence.count == 49)
    }

    @Test("a packet later than its playout is dropped as late; the gap was concealed")
    func latePacket() {
        var sim = JitterSimulation()
        // Packet 20 arrives 300 ms late: beyond the 200 ms maximum, whatever the buffer does.
        let arrivals = JitterSimulation.stream(count: 60, ptimeMs: 20) { i in i == 20 ? 300 : 0 }
        sim.run(arrivals, untilMs: 2000)
        #expect(sim.insertOutcomes[arrivals[20].packet.sequenceNumber] == [.late])
        #expect(sim.buffer.statistics.late == 1)
        #expect(!sim.playedSequence.contains(arrivals[20].packet.sequenceNumber))
        #expect(sim.lostCount >= 1)
        #expect(sim.countersConsistent)
    }

    @Test("a packet a little late is waited for: the delay grows instead of dropping it")
    func growsForLatePacket() {
        var sim = JitterSimulation()
        let arrivals = JitterSimulation.stream(count: 100, ptimeMs: 20) { i in i == 20 ? 60 : 0 }
        sim.run(arrivals, untilMs: 2500)
        #expect(sim.playedSequence == arrivals.map(\.packet.sequenceNumber))  // nothing skipped
        #expect(sim.buffer.statistics.late == 0)
        #expect(sim.lostCount >= 1)  // concealment bridged the wait
    }

    @Test("an SSRC change restarts playout on the new stream without a long gap")
    func ssrcChange() {
        var sim = JitterSimulation()
        let first = JitterSimulation.stream(count: 50, ptimeMs: 20, ssrc: 1)
        let second = JitterSimulation.stream(count: 50, ptimeMs: 20, ssrc: 2, firstSeq: 40_000, firstTs: 9_000_000, startMs: 1000)
        sim.run(first + second, untilMs: 2500)
        #expect(sim.insertOutcomes[40_000] == [.resynchronized])
        #expect(sim.buffer.statistics.resyncs == 1)
        // What was buffered of the old stream still plays, then the new stream follows.
        #expect(sim.playedSequence == (first + second).map(\.packet.sequenceNumber))
        #expect(sim.countersConsistent)
        // The new stream's first packet arrives at 1030 ms and plays within the target delay.
        let firstNew = sim.outputs.first { $0.playedSeq == 40_000 }
        if case let .played(_, _, at)? = firstNew { #expect(at <= 1030 + 45) } else { Issue.record("new stream not played") }
        #expect(sim.lostCount == 0)
    }

    @Test("a timestamp jump with continuous sequence numbers resynchronizes at once")
    func timestampJump() {
        var sim = JitterSimulation()
        let first = JitterSimulation.stream(count: 50, ptimeMs: 20)
        // Same SSRC, next sequence number, timestamp 10 minutes ahead.
        let second = JitterSimulation.stream(count: 50, ptimeMs: 20, firstSeq: 1050, firstTs: 50_000 + 4_800_000, startMs: 1000)
        sim.run(first + second, untilMs: 2500)
        #expect(sim.insertOutcomes[1050] == [.resynchronized])
        #expect(sim.playedSequence == (first + second).map(\.packet.sequenceNumber))
        let firstNew = sim.outputs.first { $0.playedSeq == 1050 }
        if case let .played(_, _, at)? = firstNew { #expect(at <= 1030 + 45) } else { Issue.record("not played") }
    }

    @Test("a lone packet with a wild timestamp is held back, not allowed to derail playout")
    func loneWildTimestamp() {
        var sim = JitterSimulation()
        var arrivals = JitterSimulation.stream(count: 50, ptimeMs: 20)
        var wild = arrivals[25]
        wild.packet.timestamp &+= 3_000_000
        wild.packet.sequenceNumber &+= 7  // not the next one either
        wild.atMs -= 1
        arrivals.insert(wild, at: 25)
        sim.run(arrivals, untilMs: 1500)
        #expect(sim.buffer.statistics.discontinuous == 1)
        #expect(sim.buffer.statistics.resyncs == 0)
        #expect(sim.insertOutcomes[wild.packet.sequenceNumber] == [.discontinuous, .accepted])
        #expect(sim.playedSequence == JitterSimulation.stream(count: 50, ptimeMs: 20).map(\.packet.sequenceNumber))
    }

    @Test("with jitter the target delay adapts upwards, never past 200 ms; without, it stays at 40 ms")
    func adaptiveTarget() {
        var rng = SplitMix64(seed: 42)
        var jittery = JitterSimulation()
        let arrivals = JitterSimulation.stream(count: 500, ptimeMs: 20) { _ in Double(rng.next() % 60) }
        jittery.run(arrivals, untilMs: 10_500)
        #expect(jittery.buffer.targetDelayMs > 80)
        #expect(jittery.buffer.targetDelayMs <= 200)
        #expect(jittery.maxDelayMsSeen <= 200)
        #expect(Double(jittery.buffer.statistics.late) < 0.05 * 500)

        var wild = JitterSimulation()
        var rng2 = SplitMix64(seed: 7)
        let wildArrivals = JitterSimulation.stream(count: 500, ptimeMs: 20) { _ in Double(rng2.next() % 600) }
        wild.run(wildArrivals, untilMs: 11_000)
        #expect(wild.maxDelayMsSeen <= 200)
        #expect(wild.buffer.targetDelayMs <= 200)
        #expect(wild.countersConsistent)
    }

    @Test("a sender that stops is concealed briefly, then the buffer waits and restarts with the next talk spurt")
    func silenceThenTalkSpurt() {
        var sim = JitterSimulation()
        let first = JitterSimulation.stream(count: 25, ptimeMs: 20)
        // 2 s of silence: sequence numbers continue, timestamps advance by the silence.
        let second = JitterSimulation.stream(count: 25, ptimeMs: 20, firstSeq: 1025, firstTs: 50_000 + 8000 * 2 + 25 * 160,
                                             startMs: 2500)
        sim.run(first + second, untilMs: 3500)
        #expect(sim.playedSequence == (first + second).map(\.packet.sequenceNumber))
        #expect(sim.lostCount == 120 / 20)  // maxConcealmentMs worth of frames, then quiet
        #expect(sim.buffer.statistics.resyncs == 0)
        let restart = sim.outputs.first { $0.playedSeq == 1025 }
        if case let .played(_, _, at)? = restart { #expect(at <= 2530 + 45) } else { Issue.record("not played") }
    }

    @Test("sequence numbers and timestamps wrapping mid-stream change nothing")
    func wrapAround() {
        var sim = JitterSimulation()
        let arrivals = JitterSimulation.stream(count: 200, ptimeMs: 20, firstSeq: 65_450, firstTs: 0xFFFF_E000)
        sim.run(arrivals, untilMs: 4500)
        #expect(sim.playedSequence == arrivals.map(\.packet.sequenceNumber))
        #expect(sim.lostCount == 0)
        #expect(sim.buffer.statistics.resyncs == 0 && sim.buffer.statistics.discontinuous == 0)
    }

    @Test("a jump in sequence number and timestamp is followed once the next packet confirms it")
    func confirmedJump() {
        var sim = JitterSimulation()
        let first = JitterSimulation.stream(count: 50, ptimeMs: 20)
        // The sender restarts: sequence numbers 20,000 ahead, timestamps 3 minutes ahead.
        let second = JitterSimulation.stream(count: 50, ptimeMs: 20, firstSeq: 21_050, firstTs: 50_000 + 1_440_000, startMs: 1000)
        sim.run(first + second, untilMs: 2500)
        #expect(sim.insertOutcomes[21_050] == [.discontinuous])  // held: a lone wild packet is not followed
        #expect(sim.insertOutcomes[21_051] == [.resynchronized])  // the next one confirms the jump
        #expect(Array(sim.playedSequence.suffix(49)) == Array(second.dropFirst().map(\.packet.sequenceNumber)))
        #expect(sim.countersConsistent)
    }

    @Test("after an SSRC change, stragglers from the old source are dropped as late")
    func oldSourceStraggler() {
        var sim = JitterSimulation()
        let first = JitterSimulation.stream(count: 50, ptimeMs: 20, ssrc: 1)
        let second = JitterSimulation.stream(count: 50, ptimeMs: 20, ssrc: 2, firstSeq: 7, firstTs: 123, startMs: 1000)
        var straggler = first[49]
        straggler.atMs = 1100
        sim.run(first + second + [straggler], untilMs: 2500)
        #expect(sim.insertOutcomes[first[49].packet.sequenceNumber] == [.accepted, .late])
        #expect(sim.buffer.statistics.resyncs == 1)
        #expect(sim.playedSequence == (first + second).map(\.packet.sequenceNumber))
    }

    @Test("a loss found while waiting (60 ms packets, nothing buffered) is concealed once and the wait is taken back")
    func lossWhileWaiting() {
        var sim = JitterSimulation()
        var arrivals = JitterSimulation.stream(count: 40, ptimeMs: 60)
        let lost = arrivals.remove(at: 20).packet
        sim.run(arrivals, untilMs: 2400)  // the last packet (39) arrives at 2370 and plays at 2410
        #expect(sim.lostCount == 1)
        #expect(sim.outputs.filter(\.isLost).first.map { if case let .lost(ts, n, _, _) = $0 { ts == lost.timestamp && n == 480 } else { false } } == true)
        #expect(sim.buffer.statistics.shrinkDropped == 0)
        #expect(sim.playedSequence == arrivals.dropLast().map(\.packet.sequenceNumber))
        #expect(abs(sim.buffer.currentDelayMs - 40) < 0.01)  // back at the target, not 60 ms above it
    }
}
