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

    /// Refuses, with the right words, what is not a regular, readable, non-empty file: libsndfile
    /// would call a FIFO or a device "empty", block on a FIFO, or read /dev/zero forever.
    private static func checkReadableFile(_ path: String) throws(AudioFileError) {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                if code == ELOOP {
                    throw .notReadable(path: path, reason: "it is a loop of symbolic links (too many levels); point the link at the audio file")
                }
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw .notReadable(path: path, reason: "it is a symbolic link to \(target), which does not exist; fix the link or give the file's own path")
            }
            if code == EACCES {
                throw .notReadable(path: path, reason: "permission denied on a folder of the path; the engine's user needs access")
            }
            if code == ENOTDIR {
                throw .notReadable(path: path, reason: "a part of the path before the file name is a file, not a folder")
            }
            if code == ENAMETOOLONG {
                throw .notReadable(path: path, reason: "the path is too long for the file system")
            }
            throw .fileNotFound(path: path)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            throw .notReadable(path: path, reason: "it is a directory; give the path of an audio file inside it")
        case S_IFIFO:
            throw .notReadable(path: path, reason: "it is a FIFO (named pipe), not a file: the engine needs a file it can seek in; save the stream to a file first")
        case S_IFCHR, S_IFBLK:
            throw .notReadable(path: path, reason: "it is a device, not a file; give the path of a recording")
        case S_IFSOCK:
            throw .notReadable(path: path, reason: "it is a socket, not a file; give the path of a recording")
        default:
            throw .notReadable(path: path, reason: "it is not a regular file; give the path of a recording")
        }
        guard access(path, R_OK) == 0 else {
            throw .notReadable(path: path, reason: "permission denied; the engine's user needs read permission")
        }
        if st.st_size == 0 { throw .emptyFile(path: path) }
    }
}
