"""Properties: backprop (issue 4)."""
