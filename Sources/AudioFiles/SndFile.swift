import Foundation
internal import CSndFile

/// An open libsndfile handle, closed when released.
///
/// libsndfile keeps the reason for a failed `sf_open` in one process-wide variable, so opening
/// and reading that reason happen under one lock; an open handle keeps its own error state.
final class SndFile {
    let handle: OpaquePointer
    let info: SF_INFO
    let path: String

    private static let openLock = NSLock()

    private init(handle: OpaquePointer, info: SF_INFO, path: String) {
        self.handle = handle
        self.info = info
        self.path = path
    }

    private var isOpen = true

    deinit { if isOpen { sf_close(handle) } }

    /// Closes the file now (for a written file: finishes its header); returns libsndfile's
    /// error text on failure.
    func close() -> String? {
        guard isOpen else { return nil }
        isOpen = false
        let code = sf_close(handle)
        return code == 0 ? nil : String(cString: sf_error_number(code))
    }

    /// Opens `url` for reading, after checking what libsndfile would report less clearly.
    static func openForReading(_ url: URL) throws(AudioFileError) -> SndFile {
        let path = url.path
        try checkReadableFile(path)
        var info = SF_INFO()
        let result: Result<OpaquePointer, AudioFileError> = openLock.withLock {
            if let handle = sf_open(path, Int32(SFM_READ), &info) { return .success(handle) }
            // libsndfile's public codes end at 4; recognised-but-broken files get internal codes.
            let unrecognised = sf_error(nil) == Int32(SF_ERR_UNRECOGNISED_FORMAT)
            return .failure(unrecognised ? .notAudioFile(path: path, reason: lastOpenError())
                                         : .damaged(path: path, reason: lastOpenError()))
        }
        return SndFile(handle: try result.get(), info: info, path: path)
    }

    /// Opens `url` for writing with `info` (format, rate, channels set by the caller).
    static func openForWriting(_ url: URL, info: SF_INFO) throws(AudioFileError) -> SndFile {
        let path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .notWritable(path: path, reason: "it is a directory; give a file name ending in .wav")
        }
        let folder = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw .notWritable(path: path, reason: "the folder \(folder) does not exist; create it first")
        }
        var info = info
        let result: Result<OpaquePointer, AudioFileError> = openLock.withLock {
            if let handle = sf_open(path, Int32(SFM_WRITE), &info) { return .success(handle) }
            let reason = lastOpenError()
            let access = FileManager.default.isWritableFile(atPath: folder)
                ? reason : "no permission to write in \(folder) (\(reason))"
            return .failure(.notWritable(path: path, reason: access))
        }
        return SndFile(handle: try result.get(), info: info, path: path)
    }

    /// libsndfile's log for this file (header fields it parsed, and corrections it made).
    var log: String {
        var buffer = [CChar](repeating: 0, count: 16384)
        let count = buffer.withUnsafeMutableBufferPointer {
            sf_command(handle, Int32(SFC_GET_LOG_INFO), $0.baseAddress, Int32($0.count))
        }
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// libsndfile reports `SF_COUNT_MAX` frames when it cannot tell the length.
    var lengthUnknown: Bool { info.frames == Int64.max }

    /// The reason for this handle's last failure.
    var errorText: String { String(cString: sf_strerror(handle)) }
    var hasError: Bool { sf_error(handle) != 0 }

    private static func lastOpenError() -> String {
        String(cString: sf_strerror(nil)).trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: ".")))
    }

    private static func checkReadableFile(_ path: String) throws(AudioFileError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(path: path) }
        if isDirectory.boolValue {
            throw .notReadable(path: path, reason: "it is a directory; give the path of an audio file inside it")
        }
        guard fm.isReadableFile(atPath: path) else {
            throw .notReadable(path: path, reason: "permission denied; the engine's user needs read permission")
        }
        let size = (try? fm.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 { throw .emptyFile(path: path) }
    }
}
