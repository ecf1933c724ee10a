import Dialogue
import Foundation
import Session
import Synthesis
import Testing
import TestSupport

/// Lines with a caller's values (a policy number read back) are kept only in the library's
/// bounded cache, never in the process-wide synthesis cache: kept there, every caller's number
/// would stay in memory for good (≈ 1.4 MB per read-back line; bench-results/memory-10k.txt).
@Suite struct PromptLibraryMemoryTests {
    @Test func linesWithValuesDoNotGrowTheProcessWideSynthesisCache() throws {
        let brand = valueBrand(menu: "Policy {policy}. Press one.")
        let synthesis = PromptAudioCache()
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot, ratesHz: [8000], dynamicCapacity: 4,
                                        synthesis: synthesis)
        let staticLines = synthesis.count
        #expect(staticLines == 4)  // "Goodbye." and "Sorry?", each at 22050 Hz and 8 kHz
        func readBack(_ n: Int) -> Utterance {
            Utterance(key: "menu", purpose: .prompt, style: .neutral, variant: .default, requestedVariant: .default,
                      text: "Policy \(n). Press one.", language: "en", audioPath: nil, synthesis: brand.voice.synthesis)
        }
        for n in 0..<10 {
            let audio = try library.render(readBack(n), rateHz: 8000)
            #expect(audio.count > 8000)
            #expect(library.cached(readBack(n), rateHz: 8000) == audio)  // the library keeps the recent ones
        }
        #expect(synthesis.count == staticLines)
        #expect(library.cached(readBack(0), rateHz: 8000) == nil && library.cached(readBack(6), rateHz: 8000) != nil)
    }
}
