"""The key-point matcher's figures: precision and recall on the labelled set, and its speed."""
