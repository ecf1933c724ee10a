// Playout: what comes out of the buffer when, and how the delay grows and shrinks.
extension JitterBuffer {
    /// The next output at `nowMs`: a packet to decode, a frame to conceal, or nothing due.
    /// Call it every output interval, and again while it returns something.
    @inlinable public mutating func pop(nowMs: Double) -> PopOutcome {
        guard phase == .playing else { return .empty }
        let now = samples(ms: nowMs)
        // Bounded: each round removes a packet (shrink) or returns.
        for _ in 0..<slots.count + 1 {
            guard nextPlayTs + offset <= now else { return .empty }
            guard let head = headEntry() else { return underrun() }
            let seqGap = head.seq > nextSeq
            let tsGap = head.ts - nextPlayTs
            if seqGap && tsGap > 0 && stretchedAtNext > 0 {
                // The frame we waited for while concealing never came: that concealment was
                // its stand-in. Move past it and take back the delay the wait added.
                let d = min(tsGap, stretchedAtNext)
                nextPlayTs += d
                offset -= d
                stretchedAtNext -= d
                continue
            }
            if seqGap && tsGap > 0 {
                if concealedRun >= maxConcealment {
                    // A long burst lost: stop concealing and play the next packet at its time.
                    nextPlayTs = head.ts
                    stretchedAtNext = 0
                    concealedRun = 0
                    continue
                }
                // Missing packet(s) with audio time: conceal one frame's worth.
                let d = min(tsGap, lastDuration)
                let ts = nextPlayTs
                nextPlayTs += d
                concealedRun += d
                _statistics.concealed += 1
                return .lost(timestamp: rawTimestamp(ts), durationSamples: Int(d), next: head.packet)
            }
            if !seqGap && tsGap > 0 {
                // The sender paused (silence suppression, DTX): play the next talk spurt at
                // its own time, at the target delay when it says it starts one.
                if head.packet.marker { offset = targetOffset() }
                guard head.ts + offset <= now else { return .empty }
                nextPlayTs = head.ts
            }
            if shouldShrink(now: now) {
                remove(head)
                _statistics.shrinkDropped += 1
                offset -= head.duration
                lastShrinkAt = now
                advance(past: head)
                continue
            }
            remove(head)
            _statistics.played += 1
            advance(past: head)
            concealedRun = 0
            return .packet(head.packet)
        }
        return .empty
    }

    @inlinable mutating func underrun() -> PopOutcome {
        guard concealedRun < maxConcealment else {
            phase = .waiting  // the sender went quiet; the next packet restarts playout
            return .empty
        }
        let ts = nextPlayTs
        if offset + lastDuration - lowTransit <= maxDelay {
            offset += lastDuration  // grow: wait for the late packet
            stretchedAtNext += lastDuration
        } else {
            nextPlayTs += lastDuration
            stretchedAtNext = 0
        }
        concealedRun += lastDuration
        _statistics.concealed += 1
        return .lost(timestamp: rawTimestamp(ts), durationSamples: Int(lastDuration), next: nil)
    }

    @inlinable func shouldShrink(now: Int64) -> Bool {
        count >= 2 && offset - targetOffset() > extra && now - lastShrinkAt >= shrinkInterval
    }

    @inlinable mutating func advance(past head: Entry) {
        if head.seq > nextSeq {
            _statistics.lost += Int(min(head.seq - nextSeq, Int64(Int32.max)))
        }
        let shift = head.seq + 1 - nextSeq
        playedMask = shift >= 64 ? 1 : (playedMask << UInt64(shift)) | 1
        nextSeq = head.seq + 1
        nextPlayTs = max(nextPlayTs, head.ts + head.duration)
        stretchedAtNext = 0
        lastDuration = head.duration
    }

    @inlinable mutating func remove(_ entry: Entry) {
        let slot = Int(entry.seq % Int64(slots.count))
        slots[slot] = nil
        slotSeqs[slot] = -1
        count -= 1
    }

    @inlinable func headEntry() -> Entry? {
        guard count > 0 else { return nil }
        // The next sequence number is usually the head: check its slot before scanning.
        let expected = Int(nextSeq % Int64(slots.count))
        if slotSeqs[expected] == nextSeq { return slots[expected] }
        var best = -1
        var bestSeq = Int64.max
        slotSeqs.withUnsafeBufferPointer { seqs in
            for i in 0..<seqs.count where seqs[i] >= 0 && seqs[i] < bestSeq {
                bestSeq = seqs[i]
                best = i
            }
        }
        return best >= 0 ? slots[best] : nil
    }

    @inlinable func rawTimestamp(_ ext: Int64) -> UInt32 {
        refTs &+ UInt32(truncatingIfNeeded: ext - refExtTs)
    }
}
