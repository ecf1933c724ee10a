/// A records test's own failure (a server that does not start, a store that never shows a row).
struct RecordsTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
