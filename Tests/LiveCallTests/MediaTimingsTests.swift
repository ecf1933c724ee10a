import ControlAPI
import Dispatch
import LiveCall
import MallocCounter
import Testing

/// The per-stage timings of the media path (README "Watching calls"): fixed buckets recorded
/// without a lock or an allocation from any thread, exported as Prometheus histograms whose
/// counts are exact at every bucket edge.
@Suite struct MediaTimingsTests {
    @Test func bucketEdgesCountExactly() {
        var h = LatencyHistogram()
        for micros in [0.0, 5, 5.001, 10, 24.999, 25, 9_999, 10_000, 10_000.5, 50_000] { h.record(micros: micros) }
        #expect(h.count == 10)
        #expect(h.count(atMostMicros: 5) == 2)          // 0 and 5: a bucket holds (lower, upper]
        #expect(h.count(atMostMicros: 10) == 4)
        #expect(h.count(atMostMicros: 25) == 6)
        #expect(h.count(atMostMicros: 10_000) == 8)
        #expect(h.count(atMostMicros: .infinity) == 10)
        #expect(h.count(above: 10_000) == 2)
        #expect(h.percentile(0.5) == 25)                 // the 5th of 10: 25 µs, its bucket's upper edge
        #expect(h.percentile(1) == 50_000)               // the overflow bucket reports the worst
        #expect(abs(h.sumMicros - 80_069.5) < 1e-6)
    }

    @Test func aWindowIsTheDifferenceOfTwoSnapshots() {
        var h = LatencyHistogram(bucketMicros: 100, rangeMicros: 1_000_000)
        for _ in 0..<99 { h.record(micros: 150) }
        let before = h
        for _ in 0..<100 { h.record(micros: 30_000) }
        let window = h.since(before)
        #expect(window.count == 100)
        #expect(window.percentile(0.5) == 30_000)
        #expect(window.count(atMostMicros: 200) == 0)
        #expect(abs(window.sumMicros - 3_000_000) < 1e-6)
    }

    /// Two threads record at once into one table: nothing is lost.
    @Test func concurrentRecordingLosesNothing() {
        let h = AtomicLatencyHistogram(bucketMicros: 5, rangeMicros: 20_000)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<50_000 { h.record(nanoseconds: UInt64(1_000 + (i % 100) * 1_000 - worker)) }
        }
        let s = h.snapshot()
        #expect(s.count == 200_000)
        #expect(s.count(atMostMicros: 50) == 4 * 500 * 50)  // 1…50 µs (− ≤ 3 ns): 50 of each 100
        #expect(s.maxMicros == 100)
        #expect(abs(s.sumMicros - (4 * 500 * 5_050_000.0 - 50_000 * 6) / 1000) < 1e-6)
    }

    /// What a hop records — three stage times and, per tick, the clock's lateness — allocates nothing.
    @Test func recordingAllocatesNothing() {
        let timings = MediaTimings()
        timings.record(.session, codec: .pcmu, from: 0, to: 1)  // first use outside the count
        var allocations = 0
        for i in 0..<10_000 {
            let t = UInt64(i) * 20_000_000
            ivr_malloc_counter_start()
            timings.record(.decode, codec: .pcmu, from: t, to: t + 3_000)
            timings.record(.session, codec: .pcmu, from: t + 3_000, to: t + 90_000)
            timings.record(.encodeSend, codec: .opus, from: t + 90_000, to: t + 120_000)
            timings.tickLateness.record(nanoseconds: 250_000)
            allocations += ivr_malloc_counter_stop()
        }
        #expect(allocations == 0)
        #expect(timings.snapshot(.session).count == 10_001 && timings.snapshot(.encodeSend, codec: .opus).count == 10_000)
    }

    /// The exposition parses strictly, names only stage and codec, and counts what was recorded.
    @Test func theExpositionIsPrometheusHistogramsOfWhatWasRecorded() throws {
        let timings = MediaTimings()
        for (ns, n) in [(8_000 as UInt64, 3), (30_000, 2), (15_000_000, 1), (40_000_000, 1)] {
            for _ in 0..<n { timings.record(.session, codec: .pcmu, from: 1_000, to: 1_000 + ns) }
        }
        timings.record(.decode, codec: .opus, from: 0, to: 20_000)
        for ms in [1, 1, 3, 25, 700] { timings.tickLateness.record(nanoseconds: UInt64(ms) * 1_000_000) }
        let text = MediaTimingMetrics.exposition(timings: timings, overloaded: true)
        let m = try PrometheusText(parsing: text)
        #expect(m.types["ivr_stage_processing_seconds"] == "histogram" && m.types["ivr_media_tick_lateness_seconds"] == "histogram")
        #expect(m.types["ivr_overloaded"] == "gauge" && m.value("ivr_overloaded") == 1)
        let session = ["stage": "session", "codec": "PCMU"]
        func bucket(_ le: String, _ labels: [String: String] = session) -> Double? {
            m.value("ivr_stage_processing_seconds_bucket", labels.merging(["le": le]) { a, _ in a })
        }
        #expect(bucket("0.00001") == 3)
        #expect(bucket("0.000025") == 3)
        #expect(bucket("0.00005") == 5)
        #expect(bucket("0.01") == 5)
        #expect(bucket("0.02") == 6)
        #expect(bucket("+Inf") == 7)
        #expect(m.value("ivr_stage_processing_seconds_count", session) == 7)
        #expect(abs((m.value("ivr_stage_processing_seconds_sum", session) ?? 0) - 0.055084) < 1e-9)
        #expect(bucket("0.00001", ["stage": "decode", "codec": "opus"]) == 0 && bucket("0.000025", ["stage": "decode", "codec": "opus"]) == 1)
        #expect(m.value("ivr_media_tick_lateness_seconds_bucket", ["le": "0.001"]) == 2)
        #expect(m.value("ivr_media_tick_lateness_seconds_bucket", ["le": "0.02"]) == 3)
        #expect(m.value("ivr_media_tick_lateness_seconds_bucket", ["le": "1"]) == 5)
        // Bounded labels: 3 stages × 4 codecs, nothing else.
        let series = Set(m.samples.filter { $0.name == "ivr_stage_processing_seconds_count" }.map(\.labels))
        #expect(series.count == 12 && series.allSatisfy { Set($0.keys) == ["stage", "codec"] })
        #expect(MediaTimingMetrics.exposition(timings: MediaTimings(), overloaded: false).contains("ivr_overloaded 0\n"))
    }
}
