import RTP
import Testing
import TestSupport

/// The impaired network of the live tests (TestSupport `ImpairedLink`), without sockets: what it
/// does to a stream is what its seed says, counted exactly; and a receiver's counters
/// (`ReceptionStatistics`) find in the stream it delivers exactly the loss, duplicates and
/// reordering it made.
@Suite struct ImpairedLinkTests {
    static let badNetwork = NetworkImpairment(lossRate: 0.10, duplicateRate: 0.01, reorderRate: 0.05, jitterMs: 30, seed: 0x1A_2026)

    /// 20 ms RTP-like datagrams (their sequence numbers) through the link; what comes out, in order.
    static func run(_ impairment: NetworkImpairment, packets: Int, firstSeq: UInt16 = 65000)
        -> (link: ImpairedLink<UInt16>, arrivals: [(seq: UInt16, atMs: Double)]) {
        var link = ImpairedLink<UInt16>(impairment)
        var arrivals: [(seq: UInt16, atMs: Double)] = []
        let endMs = Double(packets * 20) + 200
        var t = 0.0
        while t <= endMs {
            if Int(t) % 20 == 0, Int(t) / 20 < packets { link.receive(firstSeq &+ UInt16(Int(t) / 20), nowMs: t) }
            if t == endMs - 100 { link.releaseHeld(nowMs: t) }
            while let seq = link.popDue(nowMs: t) { arrivals.append((seq, t)) }
            t += 1
        }
        return (link, arrivals)
    }

    @Test func theSameSeedImpairsTheSamePacketsAndAnotherSeedOthers() {
        var a = ImpairmentPlan(Self.badNetwork), b = ImpairmentPlan(Self.badNetwork)
        var other = Self.badNetwork
        other.seed += 1
        var c = ImpairmentPlan(other)
        let fa = (0..<500).map { _ in a.nextFate() }, fb = (0..<500).map { _ in b.nextFate() }
        let fc = (0..<500).map { _ in c.nextFate() }
        #expect(fa == fb)
        #expect(fa != fc)
    }

    /// 10 000 packets: each rate within 3 standard deviations of its target (binomial), delays
    /// within 0 ..< 30 ms and spread over it, and the counts add up.
    @Test func ratesAndDelaysAreWhatTheImpairmentSays() {
        let n = 10_000
        var plan = ImpairmentPlan(Self.badNetwork)
        var drops = 0, duplicates = 0, reorders = 0, delays: [Double] = []
        for _ in 0..<n {
            switch plan.nextFate() {
            case .drop: drops += 1
            case let .forward(delayMs, duplicate, reorder):
                delays.append(delayMs)
                if duplicate { duplicates += 1 }
                if reorder { reorders += 1 }
            }
        }
        func within3Sigma(_ count: Int, of trials: Int, rate: Double) -> Bool {
            let mean = Double(trials) * rate, sd = (Double(trials) * rate * (1 - rate)).squareRoot()
            return abs(Double(count) - mean) <= 3 * sd
        }
        #expect(within3Sigma(drops, of: n, rate: 0.10), "\(drops) drops")
        #expect(within3Sigma(duplicates, of: n - drops, rate: 0.01), "\(duplicates) duplicates")
        #expect(within3Sigma(reorders, of: n - drops, rate: 0.05), "\(reorders) reorders")
        #expect(delays.allSatisfy { $0 >= 0 && $0 < 30 })
        let mean = delays.reduce(0, +) / Double(delays.count)
        #expect(abs(mean - 15) < 0.5, "mean delay \(mean) ms")
        #expect(delays.filter { $0 < 3 }.count > 0 && delays.filter { $0 > 27 }.count > 0)

        let (link, arrivals) = Self.run(Self.badNetwork, packets: n)
        let c = link.counts
        #expect(c.received == n)
        #expect(c.dropped == drops && c.duplicated == duplicates)  // the link follows its plan
        #expect(c.reordered > 0 && c.reordered <= reorders)  // a reorder needs a later packet to overtake it
        #expect(c.sent == n - c.dropped + c.duplicated)
        #expect(arrivals.count == c.sent)
        #expect(!link.isHolding && link.nextReleaseMs == nil)
    }

    @Test func aCleanLinkDeliversEverythingInOrderOnTime() {
        let (link, arrivals) = Self.run(NetworkImpairment(seed: 1), packets: 100)
        #expect(link.counts == { var c = ImpairedLink<UInt16>.Counts(); c.received = 100; c.sent = 100; return c }())
        #expect(arrivals.map(\.seq) == (0..<100).map { 65000 &+ UInt16($0) })
        #expect(arrivals.enumerated().allSatisfy { $0.element.atMs == Double($0.offset * 20) })
    }

    /// A sender's burst stays in order through the jitter.
    @Test func aBurstKeepsItsOrder() {
        var link = ImpairedLink<UInt16>(NetworkImpairment(jitterMs: 30, seed: 5))
        for seq: UInt16 in 0..<13 { link.receive(seq, nowMs: 0) }
        var out: [UInt16] = []
        while let seq = link.popDue(nowMs: 30) { out.append(seq) }
        #expect(out == Array(0..<13))
    }

    /// A held packet goes out right behind the packet that overtook it; a dropped one never.
    @Test func aHeldPacketFollowsTheNextOneSent() {
        var link = ImpairedLink<UInt16>(NetworkImpairment(reorderRate: 1, seed: 3))
        link.receive(1, nowMs: 0)
        #expect(link.isHolding && link.popDue(nowMs: 10) == nil)
        link.receive(2, nowMs: 20)  // also drawn to reorder, but one is held already: it overtakes
        #expect(!link.isHolding)
        #expect(link.popDue(nowMs: 20) == 2 && link.popDue(nowMs: 20) == 1)
        #expect(link.counts.reordered == 1)
        link.receive(3, nowMs: 40)
        link.releaseHeld(nowMs: 60)  // nothing came after it: sent, not a reorder
        #expect(link.popDue(nowMs: 60) == 3 && link.counts.reordered == 1 && link.counts.sent == 3)
    }

    /// Through the bad network: RTP reception statistics count as lost exactly the sequence
    /// numbers that never arrived (A.3's cumulative loss is short by the duplicates), the
    /// duplicates the link made, and as late the packets that arrived after a higher one.
    @Test func receptionStatisticsFindWhatTheNetworkDid() throws {
        let (link, arrivals) = Self.run(Self.badNetwork, packets: 3000)
        // The ground truth, from the arrivals alone (extended sequence numbers, first = 0).
        let ext = arrivals.map { Int($0.seq &- 65000) }
        let distinct = Set(ext)
        let truthLost = (ext.max()! - ext.min()! + 1) - distinct.count
        var seen = Set<Int>(), highest = -1, truthLate = 0, truthDuplicates = 0
        for e in ext {
            if seen.contains(e) { truthDuplicates += 1 } else if e < highest { truthLate += 1 }
            seen.insert(e)
            highest = max(highest, e)
        }
        // The link delivered every packet it did not drop, and copies of those it duplicated.
        let dropped = Set(link.fates.indices.filter { link.fates[$0] == .drop })
        #expect(distinct == Set(link.fates.indices).subtracting(dropped))
        #expect(truthDuplicates == link.counts.duplicated)
        let unseenDrops = dropped.filter { $0 < ext.min()! || $0 > ext.max()! }.count
        #expect(truthLost == link.counts.dropped - unseenDrops)

        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: arrivals[0].seq)
        for a in arrivals {
            stats.record(sequenceNumber: a.seq, timestamp: UInt32(a.seq &- 65000) &* 160, arrivalMs: a.atMs)
        }
        #expect(stats.neverReceived == Int64(truthLost))
        #expect(stats.duplicates == Int64(truthDuplicates))
        #expect(stats.late == Int64(truthLate))
        #expect(truthLate == link.counts.reordered, "only the held packets arrive after a later one")
        print("impaired link, 3000 packets: \(link.counts); receiver: lost \(stats.neverReceived) "
              + "(A.3 cumulative \(stats.cumulativeLost)), duplicates \(stats.duplicates), late \(stats.late), "
              + "jitter \(String(format: "%.1f", stats.jitterMs)) ms")
    }
}
