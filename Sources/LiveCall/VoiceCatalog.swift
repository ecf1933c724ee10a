import BrandConfig
import Dialogue
import Foundation
import Session
import Synchronization

/// The brands a server can answer with, each loaded (and checked by lint's rules) once, with
/// every static line rendered at the server's pipeline rate before its first call.
public final class VoiceCatalog: Sendable {
    public struct Voice: Sendable {
        public let id: String
        public let brand: Brand
        public let prompts: PromptLibrary
    }

    /// The folder holding `voices/` and `prompts/`.
    public let root: String
    public let rateHz: Int
    private let loaded = Mutex<[String: Voice]>([:])
    private let loading = Mutex<Void>(())

    public init(root: String, rateHz: Int) {
        self.root = root
        self.rateHz = rateHz
    }

    /// The voice ids found in `voices/`.
    public var available: [String] { BrandRepository(root: root).voiceIDs() }

    /// The voice, loading and rendering it on first use (blocking: not on an event loop).
    public func voice(_ id: String) throws -> Voice {
        if let v = loaded.withLock({ $0[id] }) { return v }
        return try loading.withLock { _ in
            if let v = loaded.withLock({ $0[id] }) { return v }
            let (brand, _) = try BrandRepository(root: root).load(voice: id)
            let folder = URL(fileURLWithPath: root).appendingPathComponent("prompts/\(brand.voice.promptSet)")
            let voice = Voice(id: id, brand: brand, prompts: try PromptLibrary(brand: brand, baseDirectory: folder,
                                                                                 ratesHz: [rateHz]))
            loaded.withLock { $0[id] = voice }
            return voice
        }
    }

    /// The voices already loaded.
    public var loadedIDs: [String] { loaded.withLock { $0.keys.sorted() } }
}
