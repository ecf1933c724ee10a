// Placeholder until the first model is trained (`ivr emotion train`).
import Foundation

extension EmotionModel {
    /// The shipped model (see `Resources/emotion-model.json`).
    public static let `default`: EmotionModel = {
        let n = Prosody.TurnFeature.allCases.count
        let zero = LinearClassifier(weights: [[Float]](repeating: [Float](repeating: 0, count: n), count: 5), bias: [1, 0, 0, 0, 0])
        let arousal = LinearClassifier(weights: [[Float]](repeating: [Float](repeating: 0, count: n), count: 2), bias: [0, 0])
        let mode = Mode(labelClassifier: zero, arousalClassifier: arousal, minimumLabelProbability: 0)
        return EmotionModel(modelVersion: "untrained", trainedOn: "nothing", licence: "none", labels: EmotionLabel.allCases,
                            populationMean: [Float](repeating: 0, count: n), populationStd: [Float](repeating: 1, count: n),
                            deadZone: 0, clampZ: 4, relative: mode, population: mode, training: [:])
    }()
}
import Prosody
