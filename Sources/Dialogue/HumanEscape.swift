/// The way to a human that works in every state: a key (default "0") that leads to `state`
/// (a transfer state). In a state collecting several digits the key counts when it is the whole
/// entry ("0" then a pause or "#"), so numbers containing 0 stay numbers.
public struct HumanEscape: Sendable, Hashable {
    /// nil turns the key off for the whole flow.
    public var key: Character?
    public var state: StateID

    public init(key: Character? = "0", state: StateID = "human") {
        self.key = key
        self.state = state
    }
}
