"""The upstream stand-in: one HTTP server answering the real paths of all five upstreams from a seeded season."""
