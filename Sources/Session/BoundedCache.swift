/// A dictionary that keeps at most `capacity` entries, dropping the oldest insertion first.
struct BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private var table: [Key: Value] = [:]
    private var order: [Key] = []
    private var head = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { table.count }

    subscript(key: Key) -> Value? {
        get { table[key] }
        set {
            guard let newValue else { return }
            if table.updateValue(newValue, forKey: key) == nil {
                order.append(key)
                if table.count > capacity {
                    table[order[head]] = nil
                    head += 1
                    if head > capacity { order.removeFirst(head); head = 0 }
                }
            }
        }
    }
}
