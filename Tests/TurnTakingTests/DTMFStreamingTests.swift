import Testing
@testable import TurnTaking

/// The streaming contract: block size does not matter, `toneStart` reports early, `flush` ends a stream.
@Suite("DTMF detector streaming")
struct DTMFStreamingTests {
    static let digits = "123A456B789C*0#D"
    static let tones = DTMFTestSignals.silence(ms: 37) + DTMFTestSignals.sinePairs(digits, levelDBm0: -20, toneMs: 50, gapMs: 50)

    @Test("Same events whatever the block size, including 1 sample and odd sizes")
    func blockSizeInvariance() {
        let reference = detectDTMF(Self.tones, blockSize: Self.tones.count)
        #expect(digitString(reference) == Self.digits)
        for blockSize in [1, 7, 80, 101, 102, 103, 160, 1000] {
            #expect(detectDTMF(Self.tones, blockSize: blockSize) == reference, "block size \(blockSize)")
        }
    }

    @Test("toneStart reports a digit while it is still sounding, without a duration")
    func toneStartReportsEarly() {
        let detector = DTMFDetector(config: .init(reportTiming: .toneStart))
        var events = [DTMFEvent]()
        let firstMs = DTMFTestSignals.silence(ms: 20) + DTMFTestSignals.sinePairs("9", levelDBm0: -20, toneMs: 40, gapMs: 0)
        detector.process(firstMs, into: &events)
        #expect(events == [DTMFEvent(digit: "9", startSample: events.first?.startSample ?? -1, durationMs: nil)])
        #expect(abs((events.first?.startSample ?? 0) - 160) <= 60)

        var endEvents = [DTMFEvent]()
        let endDetector = DTMFDetector()
        endDetector.process(firstMs, into: &endEvents)
        #expect(endEvents.isEmpty, "toneEnd must wait for the tone to stop")
    }

    @Test("flush reports a tone cut off by the end of the stream, then restarts at sample 0")
    func flushEndsStream() {
        let detector = DTMFDetector()
        var events = [DTMFEvent]()
        let cutOff = DTMFTestSignals.silence(ms: 100) + DTMFTestSignals.sinePairs("#", levelDBm0: -20, toneMs: 80, gapMs: 0)
        detector.process(cutOff, into: &events)
        #expect(events.isEmpty)
        detector.flush(into: &events)
        #expect(digitString(events) == "#")
        #expect(abs((events.first?.startSample ?? 0) - 800) <= 60)
        #expect(detector.streamPosition == 0)

        events.removeAll()
        detector.process(DTMFTestSignals.silence(ms: 100) + DTMFTestSignals.sinePairs("0", levelDBm0: -20, toneMs: 60, gapMs: 60), into: &events)
        #expect(digitString(events) == "0")
        #expect(abs((events.first?.startSample ?? 0) - 800) <= 60, "a new stream counts from 0 again")
    }
}
