import CairoCanvas

/// Paths by key (a colour, a line width), in the order each key was first used, so that shapes
/// drawn alike are filled or stroked in one go and the picture comes out the same on every run.
struct PathGroups<Key: Hashable> {
    private var keys: [Key] = []
    private var paths: [Key: CanvasPath] = [:]

    /// Adds shapes to `key`'s path with `body`.
    mutating func add(to key: Key, _ body: (inout CanvasPath) -> Void) {
        if paths[key] == nil { keys.append(key) }
        body(&paths[key, default: CanvasPath()])
    }

    /// Each key's path, in the order the keys were first used.
    var groups: [(key: Key, path: CanvasPath)] {
        keys.map { (key: $0, path: paths[$0] ?? CanvasPath()) }
    }
}
