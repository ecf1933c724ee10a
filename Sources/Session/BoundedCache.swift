/// A dictionary that keeps the last `capacity` entries inserted, dropping the oldest first.
public struct BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    private var table: [Key: Value] = [:]
    private var order: [Key] = []

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public var count: Int { table.count }

    /// Setting nil does nothing: entries leave only by age.
    public subscript(key: Key) -> Value? {
        get { table[key] }
        set {
            guard let newValue else { return }
            if table.updateValue(newValue, forKey: key) == nil { order.append(key) }
            while order.count > capacity { table[order.removeFirst()] = nil }
        }
    }

    /// Oldest first.
    public var values: [Value] { order.compactMap { table[$0] } }
}
