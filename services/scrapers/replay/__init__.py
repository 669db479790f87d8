"""Loading archived payloads again through the same validate + MERGE path."""
