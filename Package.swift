// swift-tools-version:6.1
import PackageDescription

// Layering (see README "Architecture"): pure stages (AudioCore, Codecs, DSPCore, FrontEnd, Prosody,
// TurnTaking, Emotion, RTP, Media) import no I/O; AudioFiles and the `ivr` executable are the I/O edges;
// Analysis composes the stages into one per-call pipeline.

let package = Package(
    name: "ivr-engine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ivr", targets: ["ivr"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // The live path: UDP media and the HTTP control API.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Watching calls: metrics through swift-metrics, exposed by swift-prometheus (issue 10).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Call records (issue 10): SQLite through GRDB; PostgreSQL through postgres-nio.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: System libraries (Debian packages, see scripts/setup.sh)
        .systemLibrary(name: "CSndFile", path: "Sources/CSystem/CSndFile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "COpus", path: "Sources/CSystem/COpus", pkgConfig: "opus",
                       providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CFFTW", path: "Sources/CSystem/CFFTW", pkgConfig: "fftw3f",
                       providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSpanDSP", path: "Sources/CSystem/CSpanDSP", pkgConfig: "spandsp",
                       providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "CSpeexDSP", path: "Sources/CSystem/CSpeexDSP", pkgConfig: "speexdsp",
                       providers: [.apt(["libspeexdsp-dev"])]),
        .systemLibrary(name: "CEspeakNG", path: "Sources/CSystem/CEspeakNG", pkgConfig: "espeak-ng",
                       providers: [.apt(["libespeak-ng-dev"])]),
        // webrtc-audio-processing is C++: a small shim gives it a C API so no Swift target needs C++ interop.
        .target(
            name: "CWebRTCAPM",
            path: "Sources/CSystem/CWebRTCAPM",
            cxxSettings: [
                .define("WEBRTC_POSIX"),
                .define("WEBRTC_AUDIO_PROCESSING_ONLY_BUILD"),
                .unsafeFlags(["-I/usr/include/webrtc_audio_processing"]),
            ],
            linkerSettings: [.linkedLibrary("webrtc_audio_processing")]
        ),

        // MARK: Pure stages
        .target(name: "AudioCore"),
        .target(name: "Codecs", dependencies: ["AudioCore", "CSpanDSP", "COpus", "CSpeexDSP"]),
        .target(name: "DSPCore", dependencies: ["CFFTW"]),
        .target(name: "FrontEnd", dependencies: ["AudioCore", "CWebRTCAPM"]),
        .target(name: "Prosody", dependencies: ["AudioCore", "DSPCore"]),
        .target(name: "TurnTaking", dependencies: ["AudioCore", "CSpanDSP"]),
        .target(name: "CallerState"),  // the caller-emotion vocabulary Emotion and Dialogue share
        .target(name: "Emotion", dependencies: ["Prosody", "CallerState"],
                exclude: ["Resources"]),  // the model JSON, embedded by EmotionModel+Default.swift
        .target(name: "SynthesisCore"),  // the synthesis settings Dialogue (brand voices) and Synthesis (requests) share
        .target(name: "Dialogue", dependencies: ["CallerState", "SynthesisCore"]),
        .target(name: "RTP"),  // pure Swift, stdlib only: packets, RTCP, RFC 4733 events, jitter buffer
        .target(name: "Media", dependencies: ["RTP", "Codecs", "AudioCore", "CSpanDSP", "COpus"]),
        .target(name: "SDP"),
        .target(name: "Synthesis", dependencies: ["CEspeakNG", "Codecs", "SynthesisCore"]),
        .target(name: "Session", dependencies: ["AudioCore", "Analysis", "Dialogue", "Emotion", "Synthesis", "AudioFiles", "Codecs", "TurnTaking"]),
        .target(name: "CallFixtures", dependencies: [
            "Synthesis", "TurnTaking", "Codecs", "AudioFiles", "Session", "Dialogue", "BrandConfig", "CSpanDSP",
            .product(name: "Yams", package: "Yams"),
        ]),

        // MARK: The live path (I/O edges: sockets, HTTP)
        // One call on the wire: RTP in → jitter buffer → decoder → CallSession → encoder → paced RTP out.
        .target(name: "LiveCall", dependencies: [
            "Session", "Dialogue", "AudioCore", "Analysis", "SDP", "BrandConfig", "RTP", "Media",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The control API (`ivr serve`): calls opened, listed, ended over HTTP with a bearer token.
        .target(name: "ControlAPI", dependencies: [
            "LiveCall", "Session", "BrandConfig", "Dialogue",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),

        // Call records (issue 10): the store of finished calls and their events, SQLite through GRDB
        // or PostgreSQL through postgres-nio (chosen by the records URL).
        .target(name: "CallRecords", dependencies: [
            "Session", "LiveCall",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: Edges and composition
        .target(name: "AudioFiles", dependencies: ["AudioCore", "Codecs", "CSndFile"]),
        .target(name: "BrandConfig", dependencies: ["Dialogue", "AudioFiles", .product(name: "Yams", package: "Yams")]),
        .target(name: "Analysis",
                dependencies: ["AudioCore", "Codecs", "AudioFiles", "FrontEnd", "Prosody", "TurnTaking", "Emotion"]),
        .target(name: "EmotionTraining",
                dependencies: ["AudioCore", "Codecs", "AudioFiles", "Analysis", "Prosody", "Emotion"]),
        .executableTarget(name: "ivr-live-bench", dependencies: [
            "LiveCall", "Session", "AudioFiles", "AudioCore", "Codecs", "RTP", "MallocCounter",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "ivr-bench", dependencies: [
            "Analysis", "AudioFiles", "Codecs", "FrontEnd", "Prosody", "TurnTaking", "Emotion", "Dialogue", "Session",
            "MallocCounter", "BrandConfig", "CallFixtures",
        ]),
        .executableTarget(name: "ivr", dependencies: [
            "Analysis", "AudioFiles", "BrandConfig", "CallFixtures", "Session", "Codecs", "EmotionTraining", "Emotion", "Prosody",
            "ControlAPI", "LiveCall", "CallRecords",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["AudioCore", "Prosody"], path: "Tests/TestSupport"),
        // Counts this thread's heap allocations (interposes glibc's malloc in the executable that
        // links it: the test runner and ivr-bench).
        .target(name: "MallocCounter", path: "Tests/MallocCounter"),
        .testTarget(name: "SessionAllocationTests",
                    dependencies: ["Session", "BrandConfig", "AudioCore", "MallocCounter", "TestSupport"]),
        .testTarget(name: "ListenerAllocationTests",
                    dependencies: ["Analysis", "AudioCore", "FrontEnd", "MallocCounter", "TestSupport"]),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs", "TestSupport"]),
        .testTarget(name: "DSPCoreTests", dependencies: ["DSPCore", "TestSupport"]),
        .testTarget(name: "FrontEndTests", dependencies: ["FrontEnd", "TestSupport"]),
        .testTarget(name: "ProsodyTests", dependencies: ["Prosody", "TestSupport"]),
        .testTarget(name: "TurnTakingTests", dependencies: ["TurnTaking", "CallFixtures", "TestSupport"]),
        .testTarget(name: "EmotionTests",
                    dependencies: ["Emotion", "EmotionTraining", "Analysis", "Codecs", "Prosody", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "AudioFilesTests", dependencies: ["AudioFiles", "TestSupport"]),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis", "Prosody", "Codecs", "TestSupport"]),
        .testTarget(name: "CallFixturesTests", dependencies: ["CallFixtures", "AudioFiles", "AudioCore", "TestSupport"]),
        .testTarget(name: "SessionTests", dependencies: ["Session", "CallFixtures", "Synthesis", "TestSupport"]),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "TestSupport"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "TestSupport"]),
        .testTarget(name: "LiveCallTests", dependencies: [
            "LiveCall", "ControlAPI", "Session", "Media", "SDP", "CallFixtures", "TestSupport", "MallocCounter",
            // The overload test runs the control API in process, with the metrics backend `ivr serve` uses.
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The kill -9 test runs a real `ivr serve` (ControlAPIClient drives it).
        .testTarget(name: "CallRecordsTests", dependencies: [
            "CallRecords", "ControlAPI", "LiveCall", "Session", "Emotion", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ReplayTests", dependencies: ["CallFixtures", "Prosody", "AudioCore", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "FrontEnd", "Prosody", "TurnTaking", "TestSupport"]),
        .testTarget(name: "DialogueTests", dependencies: ["Dialogue"]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "RTP", "Codecs", "AudioCore", "TestSupport"]),
        .testTarget(name: "BrandConfigTests", dependencies: ["BrandConfig", "Dialogue", "AudioFiles", "TestSupport"]),
        // Issue 12: seeded fuzzing of audio and brand files, model and script limits.
        .testTarget(name: "RobustnessTests", dependencies: [
            "Analysis", "AudioCore", "AudioFiles", "BrandConfig", "CallFixtures", "Codecs", "Dialogue", "Emotion", "Session", "TestSupport",
        ]),
    ]
)
