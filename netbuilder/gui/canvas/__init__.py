"""The node canvas: scene (renders the graph), items, gestures and the view."""
